package org.healbms.drivers.platform;

import java.nio.file.Path;

/**
 * What a platform may need beyond the board description; hardware ignores both.
 *
 * @param plantTrace  the recorded trace a simulated platform's cells replay (null when none is configured)
 * @param pacedSweeps a simulated impedance sweep takes wall-clock time, as a chip's does (if faster), so that
 *                    it spans control ticks as on a board (the firmware); otherwise it finishes as fast as it
 *                    computes (a one-off {@code healbms eis})
 */
public record PlatformSettings(Path plantTrace, boolean pacedSweeps) {}
