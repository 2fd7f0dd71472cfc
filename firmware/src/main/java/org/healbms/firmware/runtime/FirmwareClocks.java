package org.healbms.firmware.runtime;

import java.time.Clock;
import org.healbms.core.reading.MonotonicClock;

/**
 * The firmware's two times. The monotonic one orders readings and drives every timer (debounce,
 * precharge timeout, save interval, healing durations), so a wall-clock jump never fires one early;
 * the wall one only stamps what a person reads later (saved state, telemetry). Passed in, so a test or
 * a lifetime run drives the whole firmware on a {@link VirtualClock} without sleeping.
 */
public record FirmwareClocks(MonotonicClock monotonic, Clock wall) {

    /** On a board: the JVM's monotonic clock and the system's wall clock. */
    public static final FirmwareClocks SYSTEM = new FirmwareClocks(MonotonicClock.SYSTEM, Clock.systemUTC());

    /** Both times from one virtual clock, moved only by its owner. */
    public static FirmwareClocks of(VirtualClock clock) {
        return new FirmwareClocks(clock, clock.wall());
    }

    long nanoTime() {
        return monotonic.nanoTime();
    }

    long epochMillis() {
        return wall.millis();
    }
}
