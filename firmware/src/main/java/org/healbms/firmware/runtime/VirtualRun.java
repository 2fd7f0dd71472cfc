package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.healbms.core.pack.PackState;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.drivers.platform.BoardPlatform;

/**
 * The whole firmware on a {@link VirtualClock}: each {@link #tick} moves time on to the next tick and
 * runs one control tick through {@code AcquisitionLoop.stepTo}, with nothing sleeping. The same setup
 * and plant give the same run, as fast as the machine computes: for tests, and for lifetime runs that
 * take simulated months.
 *
 * <p>The device drivers wait conversion times on the same clock, and the emulated chips convert on it:
 * a tick's conversions take virtual time inside the tick, as they take a board's time, and the next
 * tick is still due one period after this one started. The heater watchdogs still run on the machine's
 * time: they guard against a loop that hangs in real time, which virtual time cannot show.
 */
public final class VirtualRun implements AutoCloseable {

    private final VirtualClock clock;
    private final Firmware firmware;
    private final long tickNanos;
    /** When the last tick started (its frame's time); the next is due a period or a leap after it. */
    private long lastTickNanos;

    /** Builds the firmware (restoring its saved state) with its clocks at monotonic 0, wall time {@code start}. */
    public VirtualRun(FirmwareSetup setup, Instant start, PrintWriter log) throws IOException {
        this.clock = new VirtualClock(start);
        this.tickNanos = setup.board().tickPeriod().toNanos();
        this.firmware = new Firmware(
                setup.config(),
                setup.board(),
                setup.cell(),
                setup.plant(),
                setup.rules(),
                log,
                FirmwareClocks.of(clock));
    }

    /**
     * The same on a platform the caller opened (e.g. a modelled plant it scores the run against) with its
     * emulated chips on {@code clock}, which must be new (at monotonic 0).
     */
    public VirtualRun(FirmwareSetup setup, BoardPlatform platform, VirtualClock clock, PrintWriter log)
            throws IOException {
        this.clock = clock;
        this.tickNanos = setup.board().tickPeriod().toNanos();
        this.lastTickNanos = clock.nanoTime();
        this.firmware = new Firmware(
                setup.config(), setup.board(), setup.cell(), platform, setup.rules(), log, FirmwareClocks.of(clock));
    }

    public Firmware firmware() {
        return firmware;
    }

    /** The time since the start, as of the last tick's start (what its frame is stamped with). */
    public Duration elapsed() {
        return Duration.ofNanos(lastTickNanos);
    }

    /** On to the next tick (a period after the last one started), then one control tick. */
    public ReadingFrame tick() throws IOException {
        return stepAt(lastTickNanos + tickNanos);
    }

    /**
     * Leaps: moves time on by {@code gap} from the last tick without ticking in between, then runs one
     * control tick, which moves the plant over the whole gap at once (a rest with nothing to do: no
     * current, no action).
     */
    public ReadingFrame leap(Duration gap) throws IOException {
        return stepAt(lastTickNanos + gap.toNanos());
    }

    private ReadingFrame stepAt(long dueNanos) throws IOException {
        // The last tick's conversion waits may have taken the clock past its start: the tick starts
        // when it is due, or at once if they took it further still (a tick that overran).
        clock.advanceTo(dueNanos);
        lastTickNanos = clock.nanoTime();
        return firmware.step();
    }

    /**
     * Ticks until {@code elapsed} has passed since the start, or the pack has shut down.
     *
     * @return the last tick's frame; null if no tick was due
     */
    public ReadingFrame runUntil(Duration elapsed) throws IOException {
        ReadingFrame last = null;
        while (lastTickNanos + tickNanos <= elapsed.toNanos() && firmware.state() != PackState.SHUTDOWN) {
            last = tick();
        }
        return last;
    }

    /** Stops the firmware as a board does when its time is up: contactors open, healing stopped, state saved. */
    public LoopStatistics stop() throws IOException {
        return firmware.stop();
    }

    @Override
    public void close() throws Exception {
        firmware.close();
    }
}
