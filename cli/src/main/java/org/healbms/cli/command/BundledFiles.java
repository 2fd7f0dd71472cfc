package org.healbms.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;

/** Copies files the jar bundles (demo trace, cell file, example board) out to a directory. */
final class BundledFiles {

    static final String DEMO = "/org/healbms/cli/demo/";
    static final String DEMO_TRACE = "Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz";
    static final String DEMO_METADATA = "Kollmeyer__NCR18650PF__25degC_US06.bdf.metadata.json";
    static final String DEMO_CELL = "NCR18650PF_25degC.cell.json";
    /** The example board lives with the board-file format, whose tests read it. */
    static final String BOARD = "/org/healbms/io/board/";

    static final String EXAMPLE_BOARD = "emulated-4s.board.yaml";
    static final String RUNTIME = "/org/healbms/cli/runtime/";
    static final String DESKTOP_FIRMWARE = "desktop.firmware.yaml";
    /** The demo cell lives with the cell-file format: the Pi's firmware falls back on it too. */
    static final String CELL = "/org/healbms/io/cell/";

    static final String RULES = "/org/healbms/io/rules/";
    static final String EXAMPLE_RULES = "example.rules.yaml";

    private BundledFiles() {}

    static Path extract(Path dir, String folder, String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = BundledFiles.class.getResourceAsStream(folder + name)) {
            if (in == null) {
                throw new IOException("bundled file " + folder + name + " is missing from the jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static void deleteTree(Path dir) throws IOException {
        // Deepest first: a command's scratch may hold a firmware's state folder (healbms can dump).
        List<Path> paths;
        try (var walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
