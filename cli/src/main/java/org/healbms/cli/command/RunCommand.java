package org.healbms.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.healbms.firmware.runtime.FirmwareRun;
import org.healbms.firmware.runtime.FirmwareSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code healbms run}: the firmware. Stops after {@code --duration}, or on SIGTERM/Ctrl-C, in both
 * cases through the state machine's shutdown (contactors open), then saves its state. The run itself
 * is the firmware module's {@link FirmwareRun}, which the Pi's entry point serves too.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the firmware: acquisition, protection, pack state machine, estimation, persistence.",
            "Without --config it runs the bundled desktop configuration: emulated chips on cells that replay",
            "the bundled US06 trace."
        })
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "firmware configuration (default: the bundled desktop one)")
    Path config;

    @Option(
            names = "--duration",
            paramLabel = "S",
            description = "stop after this many seconds (default: run until SIGTERM)")
    Double durationS;

    @Option(names = "--json", description = "print the summary as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("healbms-run");
        try {
            // The bundled configuration's state lives where the command runs, not in the scratch folder.
            FirmwareSetup setup = setup(
                    config, scratch, config == null ? Path.of("healbms-state").toAbsolutePath() : null);
            return FirmwareRun.run(
                    setup,
                    durationS == null ? null : Duration.ofMillis(Math.round(durationS * 1000)),
                    json,
                    spec.commandLine().getErr(),
                    System.out);
        } finally {
            BundledFiles.deleteTree(scratch);
        }
    }

    /** Everything a firmware needs, read from a configuration (null: the bundled desktop one). */
    static FirmwareSetup setup(Path configFile, Path scratch, Path stateDir) throws IOException {
        Path file = configFile != null
                ? configFile
                : BundledFiles.extract(scratch, BundledFiles.RUNTIME, BundledFiles.DESKTOP_FIRMWARE);
        return FirmwareSetup.read(file, stateDir, new FirmwareSetup.Fallbacks() {
            @Override
            public Path board() throws IOException {
                return BundledFiles.extract(scratch, BundledFiles.BOARD, BundledFiles.EXAMPLE_BOARD);
            }

            @Override
            public Path cell() throws IOException {
                return BundledFiles.extract(scratch, BundledFiles.CELL, BundledFiles.DEMO_CELL);
            }

            @Override
            public Path plant() throws IOException {
                return BundledFiles.extract(scratch, BundledFiles.DEMO, BundledFiles.DEMO_TRACE);
            }

            @Override
            public Path rules() throws IOException {
                return BundledFiles.extract(scratch, BundledFiles.RULES, BundledFiles.EXAMPLE_RULES);
            }
        });
    }
}
