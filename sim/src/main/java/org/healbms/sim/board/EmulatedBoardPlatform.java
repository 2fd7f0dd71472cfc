package org.healbms.sim.board;

import java.util.Optional;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.ModelledContactors;

/**
 * An emulated board as a platform: its chips' buses, its contactors and its sweep clock, advanced
 * with the board and closed with it. What the trace-fed and the ageing boards have in common.
 */
class EmulatedBoardPlatform implements BoardPlatform {

    /** Emulated boards pace their sweeps 20x faster than a chip (2 s instead of 39 s): still many ticks long. */
    static final double SWEEP_SPEEDUP = 20;

    private final EmulatedBoard emulated;
    private final EmulatedContactors contactors;
    private final SweepClock sweepClock;

    EmulatedBoardPlatform(EmulatedBoard emulated, EmulatedContactors contactors, boolean pacedSweeps) {
        this.emulated = emulated;
        this.contactors = contactors;
        this.sweepClock = pacedSweeps ? emulated.sweepClock(SWEEP_SPEEDUP) : emulated.sweepClock();
    }

    @Override
    public BusPlatform buses() {
        return emulated.platform();
    }

    @Override
    public void advanceTo(double elapsedS) {
        emulated.update(elapsedS);
    }

    @Override
    public Optional<ModelledContactors> contactors() {
        return Optional.of(contactors);
    }

    @Override
    public SweepClock sweepClock() {
        return sweepClock;
    }

    @Override
    public void close() throws Exception {
        try {
            emulated.platform().close();
        } finally {
            emulated.close();
        }
    }
}
