package org.healbms.firmware.runtime;

import java.util.List;
import org.healbms.io.firmware.FirmwareConfigFile;

/**
 * The libraries' log (Californium, Scandium, Pi4J through SLF4J, bound to slf4j-simple): one line
 * per message on stderr, which journald keeps on the Pi. Quiet by default (warn: a DTLS handshake
 * failure or a connector that stops is shown, a request is not), as simplelogger.properties says.
 * slf4j-simple reads its settings when the first logger is made, so {@link #level} must be called
 * as soon as the configuration is read, before any library class is loaded.
 */
public final class LibraryLog {

    public static final List<String> LEVELS = FirmwareConfigFile.LOG_LEVELS;
    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private LibraryLog() {}

    /** The configured level (one of {@link #LEVELS}). */
    public static void level(String level) {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("log level '" + level + "' is not one of " + String.join(", ", LEVELS));
        }
        System.setProperty(LEVEL, level);
    }
}
