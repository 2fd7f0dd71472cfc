package org.healbms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the {@code healbms} command line in the test JVM, with what it printed: stdout (where
 * the commands write) and the command line's error stream.
 *
 * @param exitCode what the process would exit with
 * @param out      standard output
 * @param err      error output
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = HealBms.commandLine();
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = cli.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }

    List<String> lines() {
        return out.lines().toList();
    }

    /** The JSON object the commands promise on the last line of stdout. */
    JsonNode json() throws Exception {
        return new ObjectMapper().readTree(lines().getLast());
    }

    /** Copies a file the jar bundles with the demo (trace, sidecar, cell file) into a test folder. */
    static Path bundled(Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        // The demo cell file lives with the cell-file format (bms-io); the trace with the CLI's demo.
        String folder = name.endsWith(".cell.json") ? "/org/healbms/io/cell/" : "/org/healbms/cli/demo/";
        try (var in = CliRun.class.getResourceAsStream(folder + name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
