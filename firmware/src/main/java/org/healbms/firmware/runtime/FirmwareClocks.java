package org.healbms.firmware.runtime;

import java.time.Clock;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.drivers.bus.DeviceClock;

/**
 * The firmware's two times. The monotonic one orders readings and drives every timer (debounce,
 * precharge timeout, save interval, healing durations), so a wall-clock jump never fires one early;
 * the wall one only stamps what a person reads later (saved state, telemetry). Passed in, so a test or
 * a lifetime run drives the whole firmware on a {@link VirtualClock} without sleeping.
 *
 * <p>The device clock is the one the chip drivers wait conversion times on. On a board it sleeps; on a
 * virtual clock it is that clock, so a wait moves the firmware's time on instead of the machine's.
 */
public record FirmwareClocks(MonotonicClock monotonic, Clock wall, DeviceClock devices) {

    /** On a board: the JVM's monotonic clock, the system's wall clock, and waits that sleep. */
    public static final FirmwareClocks SYSTEM =
            new FirmwareClocks(MonotonicClock.SYSTEM, Clock.systemUTC(), DeviceClock.SYSTEM);

    /** All three from one virtual clock, moved only by its owner and by the drivers' waits. */
    public static FirmwareClocks of(VirtualClock clock) {
        return new FirmwareClocks(clock, clock.wall(), clock);
    }

    long nanoTime() {
        return monotonic.nanoTime();
    }

    long epochMillis() {
        return wall.millis();
    }
}
