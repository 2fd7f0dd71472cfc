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
 * The whole firmware on a {@link VirtualClock}: each {@link #tick} moves time on by the board's tick
 * period and runs one control tick through {@code AcquisitionLoop.stepTo}, with nothing sleeping. The
 * same setup and plant give the same run, as fast as the machine computes: for tests, and for lifetime
 * runs that take simulated months.
 *
 * <p>The device drivers' conversion waits and the heater watchdogs still run on the machine's time:
 * they guard against a chip or a loop that hangs in real time, which virtual time cannot show.
 */
public final class VirtualRun implements AutoCloseable {

    private final VirtualClock clock;
    private final Firmware firmware;
    private final Duration tickPeriod;

    /** Builds the firmware (restoring its saved state) with its clocks at monotonic 0, wall time {@code start}. */
    public VirtualRun(FirmwareSetup setup, Instant start, PrintWriter log) throws IOException {
        this.clock = new VirtualClock(start);
        this.tickPeriod = setup.board().tickPeriod();
        this.firmware = new Firmware(
                setup.config(),
                setup.board(),
                setup.cell(),
                setup.plant(),
                setup.rules(),
                log,
                FirmwareClocks.of(clock));
    }

    /** The same on a platform the caller opened (e.g. a modelled plant it scores the run against). */
    public VirtualRun(FirmwareSetup setup, BoardPlatform platform, Instant start, PrintWriter log) throws IOException {
        this.clock = new VirtualClock(start);
        this.tickPeriod = setup.board().tickPeriod();
        this.firmware = new Firmware(
                setup.config(), setup.board(), setup.cell(), platform, setup.rules(), log, FirmwareClocks.of(clock));
    }

    public Firmware firmware() {
        return firmware;
    }

    /** The time since the start. */
    public Duration elapsed() {
        return clock.elapsed();
    }

    /** One tick period on, then one control tick. */
    public ReadingFrame tick() throws IOException {
        clock.advance(tickPeriod);
        return firmware.step();
    }

    /**
     * Leaps: moves time on by {@code gap} without ticking in between, then runs one control tick, which
     * moves the plant over the whole gap at once (a rest with nothing to do: no current, no action).
     */
    public ReadingFrame leap(Duration gap) throws IOException {
        clock.advance(gap);
        return firmware.step();
    }

    /**
     * Ticks until {@code elapsed} has passed since the start, or the pack has shut down.
     *
     * @return the last tick's frame; null if no tick was due
     */
    public ReadingFrame runUntil(Duration elapsed) throws IOException {
        ReadingFrame last = null;
        while (clock.elapsed().plus(tickPeriod).compareTo(elapsed) <= 0 && firmware.state() != PackState.SHUTDOWN) {
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
