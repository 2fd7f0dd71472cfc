package org.healbms.cli.lifetime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.firmware.FirmwareConfigFile;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.TraceColumns;
import org.healbms.sim.plant.AgeingCell;

/**
 * The files a lifetime run's firmware reads, written to a work directory: an emulated board for the
 * pack (an LTC6811 chain, the INA228 shunt, two NTCs and a heater on every cell), the bundled cell file
 * with the plant's resistance law across temperature,
 * the rules and the firmware configuration.
 */
public final class LifetimeBench {

    static final String CELL_RESOURCE = "/org/healbms/io/cell/NCR18650PF_25degC.cell.json";
    static final String RULES_RESOURCE = "/org/healbms/io/rules/example.rules.yaml";
    static final String DRIVE_RESOURCE = "/org/healbms/cli/demo/Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz";
    static final int LTC6811_INPUTS = 12;
    static final int MCP3208_INPUTS = 8;
    static final double HEATER_W = 8.0;
    /**
     * The bench board's control period, ms: 1 s, a pack controller's usual rate for state estimation
     * and protection (foxBMS runs its SoC at 1 Hz, its fastest tasks at 10 ms). The cell monitor and the
     * shunt are read every tick; the thermistors every second or every tick if slower.
     */
    public static final int TICK_MS = 1000;

    /**
     * The firmware configuration's cell limits on the bench. The NCR18650PF's datasheet window, but for
     * the temperature at rest: the plant's cell carries a self-healing binder activated at 60-80 degC, and
     * a cell built to be healed that way is rated for it (protection would otherwise open the pack at
     * 60 degC in the first dose, and healing would be impossible). Heating stops at 80 degC too.
     */
    static final String LIMITS_YAML = """
            limits:
              min_voltage_v: 2.5
              max_voltage_v: 4.2
              min_charge_temperature_degc: 0
              max_charge_temperature_degc: 45
              min_discharge_temperature_degc: -20
              max_discharge_temperature_degc: 80
              max_charge_current_a: 1.45
              max_discharge_current_a: 10
            """;

    private LifetimeBench() {}

    /** Writes the files for a pack of {@code cells} and reads them back as the firmware would. */
    public static FirmwareSetup write(Path dir, int cells, double socGuess) throws IOException {
        return write(dir, null, cells, socGuess, TICK_MS);
    }

    /**
     * The same with a firmware configuration of the caller's ({@code config}, null for the bench's own):
     * its cell file, rules, healing budget and start-up settings are used; the board is always the
     * bench's, as the plant is wired to it, and the state directory is the run's ({@code dir/state}).
     */
    public static FirmwareSetup write(Path dir, Path config, int cells, double socGuess, int tickMs)
            throws IOException {
        Files.writeString(dir.resolve("board.yaml"), boardYaml(cells, tickMs));
        copy(CELL_RESOURCE, dir.resolve("cell.json"));
        // The bundled file was identified at 25 degC alone; the firmware gets the new plant cell's
        // resistances across temperature, as a lab would identify them (see AgeingCell).
        CellParameterFile.Contents bundled = CellParameterFile.read(dir.resolve("cell.json"));
        CellParameterFile.write(
                dir.resolve("cell.json"),
                AgeingCell.identifiedAcrossTemperature(bundled.parameters()),
                bundled.provenance());
        copy(RULES_RESOURCE, dir.resolve("rules.yaml"));
        if (config == null) {
            config = dir.resolve("firmware.yaml");
            Files.writeString(config, """
                    format: healbms-firmware
                    format_version: 1
                    board: board.yaml
                    cell: cell.json
                    rules: rules.yaml
                    state_dir: state
                    save_interval_s: 3600
                    soc_guess: %s
                    run_on_start: true
                    """.formatted(socGuess) + LIMITS_YAML);
        } else if (FirmwareConfigFile.read(config).files().board() != null) {
            throw new IllegalArgumentException(config + ": board: the lifetime run wires its own board to the plant"
                    + " (an LTC6811 chain, the INA228, an NTC and a heater per cell); leave board out");
        }
        Path board = dir.resolve("board.yaml");
        Path cell = dir.resolve("cell.json");
        Path rules = dir.resolve("rules.yaml");
        return FirmwareSetup.read(config, dir.resolve("state"), new FirmwareSetup.Fallbacks() {
            @Override
            public Path board() {
                return board;
            }

            @Override
            public Path cell() {
                return cell;
            }

            @Override
            public Path plant() {
                return null;
            }

            @Override
            public Path rules() {
                return rules;
            }
        });
    }

    static String boardYaml(int cells, int tickMs) {
        StringBuilder b = new StringBuilder(
                """
                format: healbms-board
                format_version: 1
                name: lifetime-%ds
                platform: emulated
                tick_ms: %d
                cells: %d
                devices:
                  - id: cellmon
                    type: ltc6811
                    period_ms: %d
                    spi: {bus: 0, chip_select: 0, clock_hz: 500000}
                    chain_length: %d
                    cells:
                """.formatted(cells, tickMs, cells, tickMs, (cells + LTC6811_INPUTS - 1) / LTC6811_INPUTS));
        for (int c = 1; c <= cells; c++) {
            b.append("      - {cell: %d, ic: %d, input: %d}%n"
                    .formatted(c, (c - 1) / LTC6811_INPUTS, (c - 1) % LTC6811_INPUTS + 1));
        }
        b.append("""
                  - id: current
                    type: ina228
                    period_ms: %d
                    i2c: {bus: 1, address: 0x40}
                    shunt_ohm: 0.0005
                    max_current_a: 100
                """.formatted(tickMs));
        // Two NTCs on every cell's can, on separate converters (the second set on SPI bus 1): a heater
        // may run only while two independent sensors agree (the healing interlocks), so a cell with one
        // cannot be dosed.
        int chips = (cells + MCP3208_INPUTS - 1) / MCP3208_INPUTS;
        for (int sensor = 0; sensor < 2; sensor++) {
            for (int chip = 0; chip < chips; chip++) {
                int id = sensor * chips + chip;
                b.append("""
                          - id: ntc%d
                            type: mcp3208
                            period_ms: %d
                            spi: {bus: %d, chip_select: %d, clock_hz: 1000000}
                            series_ohm: 10000
                            supply_v: 3.3
                            channels:
                        """.formatted(id, Math.max(1000, tickMs), sensor, sensor == 0 ? chip + 1 : chip));
                for (int c = chip * MCP3208_INPUTS + 1; c <= Math.min(cells, (chip + 1) * MCP3208_INPUTS); c++) {
                    b.append("          - {input: %d, name: cell %d surface %s, cell: %d}%n"
                            .formatted((c - 1) % MCP3208_INPUTS, c, sensor == 0 ? "a" : "b", c));
                }
            }
        }
        b.append("heaters:\n");
        // A heater per cell: a dose is for one cell at a time (its interlocks are the cell's own
        // temperatures), and a heater shared by a module would give its healthy cells the dose's price.
        for (int c = 1; c <= cells; c++) {
            b.append("  - {cell: %d, pwm_channel: %d, power_w: %s}%n".formatted(c, c - 1, HEATER_W));
        }
        return b.toString();
    }

    /** The drive profile: the bundled US06 trace's current over its first {@code seconds}, from 0 s. */
    public static double[][] driveProfile(Path dir, double seconds) throws IOException {
        Path trace = dir.resolve("drive.bdf.csv.gz");
        copy(DRIVE_RESOURCE, trace);
        TraceColumns t = TraceColumns.load(trace, List.of(BdfLabels.TEST_TIME, BdfLabels.CURRENT), List.of());
        double[] time = t.get(BdfLabels.TEST_TIME);
        double[] current = t.get(BdfLabels.CURRENT);
        List<double[]> samples = new ArrayList<>();
        for (int k = 0; k < time.length && time[k] - time[0] < seconds; k++) {
            double at = time[k] - time[0];
            if (samples.isEmpty() || at > samples.getLast()[0]) {
                samples.add(new double[] {at, Double.isFinite(current[k]) ? current[k] : 0.0});
            }
        }
        samples.add(new double[] {Math.min(seconds, time[time.length - 1] - time[0]), 0.0});
        double[][] profile = new double[2][samples.size()];
        for (int k = 0; k < samples.size(); k++) {
            profile[0][k] = samples.get(k)[0];
            profile[1][k] = samples.get(k)[1];
        }
        return profile;
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = LifetimeBench.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("bundled file " + resource + " is missing from the jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
