package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.pack.PackState;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.ModelledContactors;
import org.healbms.drivers.platform.PlatformSettings;

/**
 * A pack for measuring the control tick alone (the JMH ControlTickBenchmark and
 * {@link TickAllocationProbe}): the whole firmware on an emulated board of {@code n} cells (one
 * LTC6811 input and one thermistor per cell, an INA228 for the current) with the bundled cell and
 * the example rules, running (contactors closed) on a virtual clock at 10 Hz. Its frames are what the
 * acquisition assembles (a voltage per cell, the pack current, a thermistor per cell), made ahead of
 * the ticks from a plant model under a drive-like current, so a measurement holds the tick alone: no
 * chip emulator, no sampling, no sleeping. The platform's chips answer only while the firmware opens
 * them; its plant is not moved ({@code advanceTo} does nothing, as on hardware).
 */
public final class BenchPack implements AutoCloseable {

    /** The control period: the board's tick_ms, and the time between two frames. */
    public static final Duration TICK = Duration.ofMillis(100);
    /** The state is saved this often, in pack time (the first tick saves it too). */
    public static final int SAVE_INTERVAL_S = 3600;

    private static final String BUNDLED_CELL = "/org/healbms/io/cell/NCR18650PF_25degC.cell.json";
    private static final String EXAMPLE_RULES = "/org/healbms/io/rules/example.rules.yaml";
    /** LTC6811: 12 cell inputs per IC; MCP3208: 8 thermistor inputs per chip. */
    private static final int CELLS_PER_MONITOR = 12;

    private static final int THERMISTORS_PER_ADC = 8;

    private final Path dir;
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final StringWriter log = new StringWriter();
    private final Firmware firmware;
    private final CellParameters cell;
    private final Random random = new Random(1);
    private EquivalentCircuitCell plant;
    /** Frames made so far: the next one's tick number. */
    private long made;

    private BenchPack(int cells) throws IOException {
        dir = Files.createTempDirectory("healbms-bench-pack");
        writeFiles(dir, cells);
        FirmwareSetup setup = FirmwareSetup.read(dir.resolve("firmware.yaml"), null, null);
        cell = setup.cell();
        plant = new EquivalentCircuitCell(cell, 0.9);
        firmware = new Firmware(
                setup.config(),
                setup.board(),
                setup.cell(),
                new UnmovedPlant(BoardPlatform.open(setup.board(), new PlatformSettings(setup.plant(), false))),
                setup.rules(),
                new PrintWriter(log, true),
                FirmwareClocks.of(clock));
    }

    /** A running pack of {@code cells} cells, its files in a directory of its own that {@link #close} deletes. */
    public static BenchPack of(int cells) throws IOException {
        return new BenchPack(cells);
    }

    /**
     * The next {@code count} frames of the drive, {@link #TICK} apart after the last one made: each
     * cell's voltage from the plant under a current between 1C discharge and C/2 regenerative (C/2
     * discharge on average), 25-27 degC. A plant run down to 30 % starts full again (a recharged
     * pack), so a run may go on for as long as it likes.
     */
    public ReadingFrame[] frames(int count) {
        List<Channel> layout = firmware.layout();
        ReadingFrame[] out = new ReadingFrame[count];
        int n = layout.size();
        double[] values = new double[n];
        Quality[] quality = new Quality[n];
        long[] sampledAt = new long[n];
        for (int t = 0; t < count; t++, made++) {
            // Charge positive.
            double current = Math.clamp(
                    -cell.capacityAh() * (0.5 + 0.4 * random.nextGaussian()),
                    -cell.capacityAh(),
                    0.5 * cell.capacityAh());
            plant.step(0.1, current, 25);
            if (plant.soc() < 0.3) {
                plant = new EquivalentCircuitCell(cell, 0.9);
            }
            double v = plant.terminalVoltage(current, 25);
            long now = (made + 1) * TICK.toNanos();
            for (int c = 0; c < n; c++) {
                Channel ch = layout.get(c);
                values[c] = switch (ch.kind()) {
                    case CELL_VOLTAGE -> v - 0.0005 * (ch.cell() % 7);
                    case PACK_CURRENT -> current;
                    case TEMPERATURE -> 25 + 0.01 * (ch.cell() % 200);
                    default -> Double.NaN;
                };
                quality[c] = Double.isNaN(values[c]) ? Quality.STALE : Quality.OK;
                sampledAt[c] = now - 1_000_000;
            }
            out[t] = new ReadingFrame(made, now, layout, values, quality, sampledAt);
        }
        return out;
    }

    /**
     * One control tick on a frame of {@link #frames}: the firmware's clocks move with it, as the
     * acquisition loop's do.
     */
    public void tick(ReadingFrame frame) throws IOException {
        clock.advance(TICK);
        firmware.tick(frame);
    }

    /**
     * Whether the ticks ran the pack: a faulted pack skips most of the work, so a measurement of it would
     * say little. Allocates nothing while the pack runs (a benchmark asks inside its last iteration).
     */
    public void requireRunning() {
        if (firmware.state() != PackState.NORMAL || !firmware.activeFaults().isEmpty()) {
            throw new IllegalStateException("the pack ended in " + firmware.state() + " with faults "
                    + firmware.activeFaults() + "; log:\n" + log);
        }
    }

    /** Stops the firmware (it saves its state) and deletes the pack's files. */
    @Override
    public void close() throws Exception {
        firmware.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static void writeFiles(Path dir, int cells) throws IOException {
        StringBuilder board = new StringBuilder("""
                format: healbms-board
                format_version: 1
                name: bench-pack
                platform: emulated
                tick_ms: %d
                """.formatted(TICK.toMillis()));
        int monitors = (cells + CELLS_PER_MONITOR - 1) / CELLS_PER_MONITOR;
        board.append("cells: ").append(cells).append('\n');
        board.append("devices:\n");
        board.append("  - id: cellmon\n    type: ltc6811\n    period_ms: 100\n");
        board.append("    spi: {bus: 0, chip_select: 0, clock_hz: 1000000}\n");
        board.append("    chain_length: ").append(monitors).append("\n    cells:\n");
        for (int c = 1; c <= cells; c++) {
            board.append("      - {cell: %d, ic: %d, input: %d}\n"
                    .formatted(c, (c - 1) / CELLS_PER_MONITOR, (c - 1) % CELLS_PER_MONITOR + 1));
        }
        board.append("""
                  - id: current
                    type: ina228
                    period_ms: 100
                    i2c: {bus: 1, address: 0x40}
                    shunt_ohm: 0.0005
                    max_current_a: 100
                """);
        // One thermistor per cell on MCP3208s: chip selects 1-3 on each of the eight SPI buses.
        for (int a = 0; a * THERMISTORS_PER_ADC < cells; a++) {
            board.append("  - id: ntc%d\n    type: mcp3208\n    period_ms: 1000\n".formatted(a));
            board.append("    spi: {bus: %d, chip_select: %d, clock_hz: 1000000}\n".formatted(a / 3, a % 3 + 1));
            board.append("    series_ohm: 10000\n    supply_v: 3.3\n    channels:\n");
            for (int i = 0; i < THERMISTORS_PER_ADC && a * THERMISTORS_PER_ADC + i < cells; i++) {
                int c = a * THERMISTORS_PER_ADC + i + 1;
                board.append("      - {input: %d, name: cell %d surface, cell: %d}\n".formatted(i, c, c));
            }
        }
        Files.writeString(dir.resolve("board.yaml"), board);
        Files.writeString(dir.resolve("plant.bdf.csv"), """
                Test Time / s,Voltage / V,Current / A,Surface Temperature T1 / degC
                0.000,3.9000,0.000,25.00
                1.000,3.9000,0.000,25.00
                """);
        copy(BUNDLED_CELL, dir.resolve("cell.json"));
        copy(EXAMPLE_RULES, dir.resolve("rules.yaml"));
        Files.writeString(dir.resolve("firmware.yaml"), """
                format: healbms-firmware
                format_version: 1
                board: board.yaml
                cell: cell.json
                plant_trace: plant.bdf.csv
                rules: rules.yaml
                state_dir: state
                save_interval_s: %d
                soc_guess: 0.9
                run_on_start: true
                """.formatted(SAVE_INTERVAL_S));
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = BenchPack.class.getResourceAsStream(resource)) {
            Files.write(to, in.readAllBytes());
        }
    }

    /** The emulated platform with its plant held still: the frames come from the bench, not the chips. */
    private record UnmovedPlant(BoardPlatform platform) implements BoardPlatform {

        @Override
        public BusPlatform buses() {
            return platform.buses();
        }

        @Override
        public void advanceTo(double elapsedS) {
            // Nothing moves, as on hardware.
        }

        @Override
        public Optional<ModelledContactors> contactors() {
            return platform.contactors();
        }

        @Override
        public SweepClock sweepClock() {
            return platform.sweepClock();
        }

        @Override
        public void close() throws Exception {
            platform.close();
        }
    }
}
