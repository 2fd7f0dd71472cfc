package org.healbms.sim.board;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The emulated 4-cell bench board the tests share: one board file ({@value #RESOURCE}) for the ageing
 * plant's test here, the firmware's virtual bench and the CLI's runs, handed on in sim's test jar.
 */
public final class BenchBoard {

    public static final String RESOURCE = "/org/healbms/sim/board/bench-4s.board.yaml";

    /** The board's name, as the firmware's audit log says it. */
    public static final String NAME = "bench-4s";

    private BenchBoard() {}

    /** Writes the board file to {@code dir/board.yaml} and returns its path. */
    public static Path writeTo(Path dir) throws IOException {
        Path file = dir.resolve("board.yaml");
        try (InputStream in = BenchBoard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not on the class path (sim's test jar)");
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}
