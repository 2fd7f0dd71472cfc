package org.healbms.drivers.platform;

import java.nio.file.Path;
import org.healbms.drivers.bus.DeviceClock;

/**
 * What a platform may need beyond the board description; hardware ignores all three.
 *
 * @param plantTrace  the recorded trace a simulated platform's cells replay (null when none is configured)
 * @param pacedSweeps a simulated impedance sweep takes wall-clock time, as a chip's does (if faster), so that
 *                    it spans control ticks as on a board (the firmware); otherwise it finishes as fast as it
 *                    computes (a one-off {@code healbms eis})
 * @param deviceClock the clock the drivers wait conversion times on: emulated chips convert on it too, so a
 *                    conversion started at t is ready at t + its conversion time on the drivers' clock
 */
public record PlatformSettings(Path plantTrace, boolean pacedSweeps, DeviceClock deviceClock) {

    /** On the system's clock: the emulated chips convert in real time, as the real ones do. */
    public PlatformSettings(Path plantTrace, boolean pacedSweeps) {
        this(plantTrace, pacedSweeps, DeviceClock.SYSTEM);
    }
}
