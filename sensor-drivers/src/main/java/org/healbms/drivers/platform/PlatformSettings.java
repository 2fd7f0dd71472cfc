package org.healbms.drivers.platform;

import java.nio.file.Path;

/**
 * What a platform may need beyond the board description.
 *
 * @param plantTrace the recorded trace a simulated platform's cells replay (null when none is
 *                   configured); hardware measures real cells and ignores it
 */
public record PlatformSettings(Path plantTrace) {
}
