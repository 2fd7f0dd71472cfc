package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import org.healbms.sim.board.BenchBoard;

/**
 * A firmware bench for {@link VirtualRun}: the shared emulated 4-cell board ({@link BenchBoard}: LTC6811
 * chain, INA228 shunt, an MCP3208 with a thermistor on every cell and a second one on cell 1, a heater
 * on cell 1, contactor feedback on GPIO), the bundled
 * NCR18650PF cell file, a plant trace written row by row (zero-order hold between rows), and rules.
 * Every chip is emulated at the byte level. Their conversion times pass on the run's virtual clock
 * (the drivers wait them out on it, and nothing sleeps): the same bench gives the same run every time.
 */
final class VirtualBench {

    /** The wall time every virtual run starts at. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final String BUNDLED_CELL = "/org/healbms/io/cell/NCR18650PF_25degC.cell.json";

    private final Path dir;
    private final StringBuilder trace =
            new StringBuilder("Test Time / s,Voltage / V,Current / A," + "Surface Temperature T1 / degC\n");
    private String rules = """
            format: healbms-rules
            format_version: 1
            name: none
            rules: []
            """;
    private String firmwareExtra = "";
    private String stateDir = "state";
    private String boardExtra = "";
    private boolean contactorFeedback = true;
    private final StringWriter log = new StringWriter();

    VirtualBench(Path dir) {
        this.dir = dir;
    }

    /** From {@code atS} on, every cell reads {@code cellV} (less 2 mV per cell), the pack carries {@code currentA}. */
    VirtualBench plant(double atS, double cellV, double currentA, double temperatureDegC) {
        trace.append(String.format(Locale.ROOT, "%.3f,%.4f,%.3f,%.2f%n", atS, cellV, currentA, temperatureDegC));
        return this;
    }

    VirtualBench rules(String yaml) {
        this.rules = yaml;
        return this;
    }

    /** Further lines of the firmware configuration. */
    VirtualBench firmware(String lines) {
        this.firmwareExtra = lines;
        return this;
    }

    /** Where the state and the audit log go, relative to the bench's directory. */
    VirtualBench stateDir(String relative) {
        this.stateDir = relative;
        return this;
    }

    /**
     * A state directory that cannot be written, not even by root: its parent is a regular file (a card
     * that takes no writes, as far as the firmware can tell).
     */
    VirtualBench unwritableStateDir() throws IOException {
        Files.writeString(dir.resolve("card"), "a regular file where the state directory's parent should be\n");
        return stateDir("card/state");
    }

    /**
     * The board with an inverter on CAN ({@code victron} or {@code pylontech}) on an emulated interface
     * of its own, so benches in one process do not hear each other.
     */
    VirtualBench can(String iface, String protocol) {
        this.boardExtra = "can: {interface: %s, bitrate: 500000, protocol: %s}\n".formatted(iface, protocol);
        return this;
    }

    /** The board without the contactors' auxiliary contacts: a bench that cannot tell a weld. */
    VirtualBench withoutContactorFeedback() {
        this.contactorFeedback = false;
        return this;
    }

    Path stateDir() {
        return dir.resolve(stateDir);
    }

    /** What the firmware said on its log (stderr on a board). */
    String log() {
        return log.toString();
    }

    /** Writes the files and builds the firmware on a virtual clock at {@link #START}. */
    VirtualRun start() throws IOException {
        return new VirtualRun(setup(), START, logWriter());
    }

    /** The log the firmware writes to (see {@link #log}). */
    PrintWriter logWriter() {
        return new PrintWriter(log, true);
    }

    /** Writes the files and reads them as the firmware's setup. */
    FirmwareSetup setup() throws IOException {
        Path board = BenchBoard.writeTo(dir);
        if (!contactorFeedback) {
            Files.write(
                    board,
                    Files.readAllLines(board).stream()
                            .filter(line -> !line.startsWith("contactor_feedback:"))
                            .toList());
        }
        Files.writeString(board, boardExtra, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("plant.bdf.csv"), trace);
        Files.writeString(dir.resolve("rules.yaml"), rules);
        try (InputStream in = VirtualBench.class.getResourceAsStream(BUNDLED_CELL)) {
            Files.write(dir.resolve("cell.json"), in.readAllBytes());
        }
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(config, """
                format: healbms-firmware
                format_version: 1
                board: board.yaml
                cell: cell.json
                plant_trace: plant.bdf.csv
                rules: rules.yaml
                state_dir: %s
                save_interval_s: 1
                soc_guess: 0.5
                """.formatted(stateDir) + firmwareExtra);
        return FirmwareSetup.read(config, null, new FirmwareSetup.Fallbacks() {
            @Override
            public Path board() {
                throw new AssertionError("the bench names its board");
            }

            @Override
            public Path cell() {
                throw new AssertionError("the bench names its cell");
            }

            @Override
            public Path plant() {
                throw new AssertionError("the bench names its plant");
            }

            @Override
            public Path rules() {
                throw new AssertionError("the bench names its rules");
            }
        });
    }
}
