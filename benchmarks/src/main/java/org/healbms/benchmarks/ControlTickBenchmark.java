package org.healbms.benchmarks;

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
import java.util.concurrent.TimeUnit;
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
import org.healbms.firmware.runtime.Firmware;
import org.healbms.firmware.runtime.FirmwareClocks;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.firmware.runtime.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One control tick of the whole firmware (protection, pack state machine, the cells' filters,
 * impedance, life story, signatures, rules and healing, state of power, the telemetry snapshot) on a
 * 16- and a 192-cell board with the bundled cell and example rules, the pack running (contactors
 * closed) under a drive-like current.
 *
 * <p>The frames are what the acquisition assembles (a voltage per cell, the pack current, a
 * thermistor per cell), made before the trial from a plant model, so the measurement holds the tick
 * alone: no chip emulator, no sampling, no sleeping. The platform's chips answer only while the
 * firmware opens them; its plant is not moved ({@code advanceTo} does nothing, as on hardware).
 * Every tick needs a frame of its own (time only moves forward), so an invocation is a fixed run of
 * {@value #TICKS} ticks ({@link Mode#SingleShotTime}, the score divided by them) and the trial
 * prepares exactly as many frames as its iterations will take. The state save (every
 * {@value #SAVE_INTERVAL_S} s of pack time) happens at the first tick only: a trial covers less.
 *
 * <p>The score is time per tick; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per tick,
 * JMH's own included: its single-shot harness allocates about 6.7 KB per iteration (TableLookupBenchmark,
 * which allocates nothing, reads 6720 B/op with {@code -bm ss}), 6.7 B per tick of a {@value #TICKS}-tick
 * invocation. The tick's own bytes are what is above that; {@code TickAllocationTest} holds them to none.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(ControlTickBenchmark.TICKS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ControlTickBenchmark {

    private static final String BUNDLED_CELL = "/org/healbms/io/cell/NCR18650PF_25degC.cell.json";
    private static final String EXAMPLE_RULES = "/org/healbms/io/rules/example.rules.yaml";
    private static final Duration TICK = Duration.ofMillis(100);
    /** Ticks per invocation: 100 s of pack time, long against the 1 s thermistor period. */
    static final int TICKS = 1000;

    private static final int SAVE_INTERVAL_S = 3600;
    /** LTC6811: 12 cell inputs per IC; MCP3208: 8 thermistor inputs per chip. */
    private static final int CELLS_PER_MONITOR = 12;

    private static final int THERMISTORS_PER_ADC = 8;

    @Param({"16", "192"})
    public int cells;

    private Path dir;
    private VirtualClock clock;
    private Firmware firmware;
    private final StringWriter log = new StringWriter();
    private ReadingFrame[] frames;
    private int next;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        dir = Files.createTempDirectory("healbms-tick-bench");
        writeFiles();
        FirmwareSetup setup = FirmwareSetup.read(dir.resolve("firmware.yaml"), null, null);
        clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        firmware = new Firmware(
                setup.config(),
                setup.board(),
                setup.cell(),
                new UnmovedPlant(BoardPlatform.open(setup.board(), new PlatformSettings(setup.plant(), false))),
                setup.rules(),
                new PrintWriter(log, true),
                FirmwareClocks.of(clock));
        int ticks = TICKS
                * (params.getWarmup().getCount() * params.getWarmup().getBatchSize()
                        + params.getMeasurement().getCount()
                                * params.getMeasurement().getBatchSize());
        frames = frames(firmware.layout(), setup.cell(), ticks);
        closeAtExit();
    }

    @Benchmark
    public void tick() throws IOException {
        for (int t = 0; t < TICKS; t++) {
            // The firmware's clocks move with the frames, as the acquisition loop's do.
            clock.advance(TICK);
            firmware.tick(frames[next++]);
        }
    }

    /**
     * The tick must have run the pack, not faulted it (a faulted pack skips most of the work). JMH runs
     * this inside the last iteration, so it allocates nothing while the pack is as it should be: the
     * firmware is closed (its state saved) and its files deleted when the forked JVM exits, or the
     * bytes of the save would count as the last iteration's ticks'.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (firmware.state() != PackState.NORMAL || !firmware.activeFaults().isEmpty()) {
            throw new IllegalStateException("the pack ended in " + firmware.state() + " with faults "
                    + firmware.activeFaults() + "; log:\n" + log);
        }
    }

    /** Closes the firmware and deletes its files, when the JVM exits. */
    private void closeAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                firmware.close();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            } catch (Exception e) {
                System.err.println("tick benchmark: closing the firmware or deleting " + dir + ": " + e);
            }
        }));
    }

    /** A frame per tick: each cell's voltage from the plant under a drive-like current, 25-27 degC. */
    private static ReadingFrame[] frames(List<Channel> layout, CellParameters cell, int ticks) {
        EquivalentCircuitCell plant = new EquivalentCircuitCell(cell, 0.9);
        Random random = new Random(1);
        ReadingFrame[] out = new ReadingFrame[ticks];
        int n = layout.size();
        double[] values = new double[n];
        Quality[] quality = new Quality[n];
        long[] sampledAt = new long[n];
        for (int t = 0; t < ticks; t++) {
            // Charge positive: a discharge of C/2 on average, between 1C discharge and C/2 regenerative.
            double current = Math.clamp(
                    -cell.capacityAh() * (0.5 + 0.4 * random.nextGaussian()),
                    -cell.capacityAh(),
                    0.5 * cell.capacityAh());
            plant.step(0.1, current, 25);
            double v = plant.terminalVoltage(current, 25);
            long now = (t + 1) * TICK.toNanos();
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
            out[t] = new ReadingFrame(t, now, layout, values, quality, sampledAt);
        }
        return out;
    }

    private void writeFiles() throws IOException {
        StringBuilder board = new StringBuilder("""
                format: healbms-board
                format_version: 1
                name: tick-bench
                platform: emulated
                tick_ms: 100
                """);
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
        try (InputStream in = ControlTickBenchmark.class.getResourceAsStream(resource)) {
            Files.write(to, in.readAllBytes());
        }
    }

    /** The emulated platform with its plant held still: the frames come from the benchmark, not the chips. */
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
