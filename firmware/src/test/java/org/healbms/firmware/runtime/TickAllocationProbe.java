package org.healbms.firmware.runtime;

import com.sun.management.ThreadMXBean;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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
 * The fewest bytes one control tick allocates in steady state (the pack running under a drive-like
 * current, the example rules evaluated once a second), printed on stdout as bytes per tick: run in a JVM of its own by
 * {@code TickAllocationTest}, so no other test has shaped the JIT's profile. The frames come from a
 * plant model, made before each measured run of ticks, as in the JMH ControlTickBenchmark; the
 * platform's chips answer only while the firmware opens them.
 */
final class TickAllocationProbe {

    private static final String BUNDLED_CELL = "/org/healbms/io/cell/NCR18650PF_25degC.cell.json";
    private static final String EXAMPLE_RULES = "/org/healbms/io/rules/example.rules.yaml";
    private static final Duration TICK = Duration.ofMillis(100);
    private static final int TICKS_PER_RUN = 500;

    private TickAllocationProbe() {}

    public static void main(String[] args) throws Exception {
        int cells = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("healbms-tick-alloc");
        writeFiles(dir, cells);
        FirmwareSetup setup = FirmwareSetup.read(dir.resolve("firmware.yaml"), null, null);
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        StringWriter log = new StringWriter();
        Firmware firmware = new Firmware(
                setup.config(),
                setup.board(),
                setup.cell(),
                new UnmovedPlant(BoardPlatform.open(setup.board(), new PlatformSettings(setup.plant(), false))),
                setup.rules(),
                new PrintWriter(log, true),
                FirmwareClocks.of(clock));
        EquivalentCircuitCell plant = new EquivalentCircuitCell(setup.cell(), 0.9);
        Random random = new Random(1);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        long tick = 0;
        // Until the JIT has compiled the tick, short-lived objects are not yet scalar-replaced: warm up
        // over runs and keep the best, as a long run of the firmware would. On a loaded machine the
        // compiler threads get little time, so there are enough runs for them to finish.
        for (int run = 0; run < 200 && (run < 20 || fewest > 0); run++) {
            ReadingFrame[] frames = frames(firmware.layout(), setup.cell(), plant, random, tick);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (ReadingFrame f : frames) {
                clock.advance(TICK);
                firmware.tick(f);
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
            tick += TICKS_PER_RUN;
        }
        PackState state = firmware.state();
        if (state != PackState.NORMAL || !firmware.activeFaults().isEmpty()) {
            throw new IllegalStateException(
                    "the pack ended in " + state + " with faults " + firmware.activeFaults() + "; log:\n" + log);
        }
        firmware.close();
        System.out.println((double) fewest / TICKS_PER_RUN);
    }

    /** A frame per tick: each cell's voltage from the plant under a drive-like current, 25-27 degC. */
    private static ReadingFrame[] frames(
            List<Channel> layout, CellParameters cell, EquivalentCircuitCell plant, Random random, long first) {
        ReadingFrame[] out = new ReadingFrame[TICKS_PER_RUN];
        int n = layout.size();
        for (int t = 0; t < out.length; t++) {
            double[] values = new double[n];
            Quality[] quality = new Quality[n];
            long[] sampledAt = new long[n];
            // Charge positive: a discharge of C/2 on average, between 1C discharge and C/2 regenerative.
            double current = Math.clamp(
                    -cell.capacityAh() * (0.5 + 0.4 * random.nextGaussian()),
                    -cell.capacityAh(),
                    0.5 * cell.capacityAh());
            plant.step(0.1, current, 25);
            if (plant.soc() < 0.3) {
                plant = new EquivalentCircuitCell(cell, 0.9); // a recharged pack: the run goes on
            }
            double v = plant.terminalVoltage(current, 25);
            long now = (first + t + 1) * TICK.toNanos();
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
            out[t] = new ReadingFrame(first + t, now, layout, values, quality, sampledAt);
        }
        return out;
    }

    private static void writeFiles(Path dir, int cells) throws Exception {
        StringBuilder board = new StringBuilder("""
                format: healbms-board
                format_version: 1
                name: tick-allocation
                platform: emulated
                tick_ms: 100
                """);
        board.append("cells: ").append(cells).append('\n');
        board.append("devices:\n");
        board.append("  - id: cellmon\n    type: ltc6811\n    period_ms: 100\n");
        board.append("    spi: {bus: 0, chip_select: 0, clock_hz: 1000000}\n");
        board.append("    chain_length: ").append((cells + 11) / 12).append("\n    cells:\n");
        for (int c = 1; c <= cells; c++) {
            board.append("      - {cell: %d, ic: %d, input: %d}\n".formatted(c, (c - 1) / 12, (c - 1) % 12 + 1));
        }
        board.append("""
                  - id: current
                    type: ina228
                    period_ms: 100
                    i2c: {bus: 1, address: 0x40}
                    shunt_ohm: 0.0005
                    max_current_a: 100
                """);
        for (int a = 0; a * 8 < cells; a++) {
            board.append("  - id: ntc%d\n    type: mcp3208\n    period_ms: 1000\n".formatted(a));
            board.append("    spi: {bus: %d, chip_select: %d, clock_hz: 1000000}\n".formatted(a / 3, a % 3 + 1));
            board.append("    series_ohm: 10000\n    supply_v: 3.3\n    channels:\n");
            for (int i = 0; i < 8 && a * 8 + i < cells; i++) {
                int c = a * 8 + i + 1;
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
                save_interval_s: 3600
                soc_guess: 0.9
                run_on_start: true
                """);
    }

    private static void copy(String resource, Path to) throws Exception {
        try (InputStream in = TickAllocationProbe.class.getResourceAsStream(resource)) {
            Files.write(to, in.readAllBytes());
        }
    }

    /** The emulated platform with its plant held still: the frames come from the probe, not the chips. */
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
