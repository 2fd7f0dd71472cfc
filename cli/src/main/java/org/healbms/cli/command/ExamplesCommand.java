package org.healbms.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code healbms examples DIR}: the files the commands use when none is given, written out so a user
 * can read and edit them. The firmware configuration written here names the board, cell, rules and
 * plant trace beside it, so that {@code run --config DIR/desktop.firmware.yaml} runs on the copies.
 */
@Command(
        name = "examples",
        mixinStandardHelpOptions = true,
        description = {
            "Write the bundled board, firmware, rules and cell files (and the demo trace they use) to DIR.",
            "The firmware configuration written there uses the copies beside it: edit them, then",
            "run healbms run --config DIR/desktop.firmware.yaml. Existing files are kept unless --force."
        })
public final class ExamplesCommand implements Callable<Integer> {

    private static final String RUNTIME = BundledFiles.RUNTIME;
    private static final String RULES = BundledFiles.RULES;
    static final String FIRMWARE = "desktop.firmware.yaml";
    static final String RULES_FILE = "example.rules.yaml";

    /** A file to write: where it is bundled and its name. */
    private record Bundled(String folder, String name) {}

    private static final List<Bundled> FILES = List.of(
            new Bundled(BundledFiles.BOARD, BundledFiles.EXAMPLE_BOARD),
            new Bundled(RULES, RULES_FILE),
            new Bundled(BundledFiles.CELL, BundledFiles.DEMO_CELL),
            new Bundled(BundledFiles.DEMO, BundledFiles.DEMO_TRACE),
            new Bundled(BundledFiles.DEMO, BundledFiles.DEMO_METADATA),
            new Bundled(BundledFiles.DEMO, "ATTRIBUTION.md"));

    @Parameters(paramLabel = "DIR", description = "where to write the files (created if missing)")
    Path dir;

    @Option(names = "--force", description = "overwrite files that exist")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        List<Path> targets = new ArrayList<>();
        for (Bundled b : FILES) {
            targets.add(dir.resolve(b.name()));
        }
        targets.add(dir.resolve(FIRMWARE));
        if (!force) {
            for (Path t : targets) {
                if (Files.exists(t)) {
                    throw new FileAlreadyExistsException(t.toString(), null, "exists; --force overwrites it");
                }
            }
        }
        for (Bundled b : FILES) {
            BundledFiles.extract(dir, b.folder(), b.name());
        }
        Files.writeString(dir.resolve(FIRMWARE), firmwareUsingCopies(), StandardCharsets.UTF_8);
        for (Path t : targets) {
            System.out.println("wrote " + t);
        }
        System.out.println("run it with: healbms run --config " + dir.resolve(FIRMWARE));
        return 0;
    }

    /** The bundled desktop configuration with the commented-out file keys pointing at the copies. */
    static String firmwareUsingCopies() throws IOException {
        String text;
        try (InputStream in = ExamplesCommand.class.getResourceAsStream(RUNTIME + FIRMWARE)) {
            if (in == null) {
                throw new IOException("bundled file " + RUNTIME + FIRMWARE + " is missing from the jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = useCopy(text, "# board: /etc/healbms/board.yaml     ", "board: " + BundledFiles.EXAMPLE_BOARD);
        text = useCopy(text, "# cell: /etc/healbms/cell.json       ", "cell: " + BundledFiles.DEMO_CELL);
        text = useCopy(text, "# plant_trace: trace.bdf.csv.gz      ", "plant_trace: " + BundledFiles.DEMO_TRACE);
        text = useCopy(text, "# rules: rules.yaml                  ", "rules: " + RULES_FILE);
        return text;
    }

    private static String useCopy(String text, String commented, String key) {
        int at = text.indexOf(commented);
        if (at < 0) {
            // The bundled configuration changed its layout; writing a file that silently ignores the
            // copies would mislead whoever edits them.
            throw new IllegalStateException(
                    "the bundled " + FIRMWARE + " no longer has the line '" + commented.strip() + "'");
        }
        String padded =
                key.length() < commented.length() ? key + " ".repeat(commented.length() - key.length()) : key + " ";
        return text.substring(0, at) + padded + text.substring(at + commented.length());
    }
}
