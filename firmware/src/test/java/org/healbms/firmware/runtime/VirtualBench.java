package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * A firmware bench for {@link VirtualRun}: an emulated 4-cell board (LTC6811 chain, INA228 shunt, an
 * MCP3208 with a thermistor on every cell and a second one on cell 1, a heater on cell 1), the bundled
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

    Path stateDir() {
        return dir.resolve("state");
    }

    /** What the firmware said on its log (stderr on a board). */
    String log() {
        return log.toString();
    }

    /** Writes the files and builds the firmware on a virtual clock at {@link #START}. */
    VirtualRun start() throws IOException {
        Files.writeString(dir.resolve("board.yaml"), """
                format: healbms-board
                format_version: 1
                name: virtual-bench
                platform: emulated
                tick_ms: 100
                cells: 4
                devices:
                  - id: cellmon
                    type: ltc6811
                    period_ms: 100
                    spi: {bus: 0, chip_select: 0, clock_hz: 500000}
                    cells:
                      - {cell: 1, ic: 0, input: 1}
                      - {cell: 2, ic: 0, input: 2}
                      - {cell: 3, ic: 0, input: 3}
                      - {cell: 4, ic: 0, input: 4}
                  - id: current
                    type: ina228
                    period_ms: 100
                    i2c: {bus: 1, address: 0x40}
                    shunt_ohm: 0.0005
                    max_current_a: 100
                  - id: ntc
                    type: mcp3208
                    period_ms: 1000
                    spi: {bus: 0, chip_select: 1, clock_hz: 1000000}
                    series_ohm: 10000
                    supply_v: 3.3
                    channels:
                      - {input: 0, name: cell 1 surface, cell: 1}
                      - {input: 1, name: cell 1 surface b, cell: 1}
                      - {input: 2, name: cell 2 surface, cell: 2}
                      - {input: 3, name: cell 3 surface, cell: 3}
                      - {input: 4, name: cell 4 surface, cell: 4}
                heaters:
                  - {cell: 1, pwm_channel: 0, power_w: 8.0}
                """);
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
                state_dir: state
                save_interval_s: 1
                soc_guess: 0.5
                """ + firmwareExtra);
        FirmwareSetup setup = FirmwareSetup.read(config, null, new FirmwareSetup.Fallbacks() {
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
        return new VirtualRun(setup, START, new PrintWriter(log, true));
    }
}
