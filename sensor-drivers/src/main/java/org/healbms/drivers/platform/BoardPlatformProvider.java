package org.healbms.drivers.platform;

import java.io.IOException;
import org.healbms.drivers.board.BoardDescription;

/**
 * Opens the platform a board file names ({@code platform: pi4j}, {@code platform: emulated}), found
 * at run time through {@link java.util.ServiceLoader} the way Pi4J finds its plugins: the firmware
 * compiles against this seam only, so the Pi distribution need not carry the emulators.
 */
public interface BoardPlatformProvider {

    /** The board file's {@code platform:} value this provider opens. */
    String name();

    BoardPlatform open(BoardDescription board, PlatformSettings settings) throws IOException;
}
