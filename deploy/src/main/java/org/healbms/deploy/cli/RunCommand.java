package org.healbms.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.healbms.core.cell.CellParameters;
import org.healbms.io.board.BoardFile;
import org.healbms.deploy.runtime.Firmware;
import org.healbms.io.firmware.FirmwareConfig;
import org.healbms.io.firmware.FirmwareConfigFile;
import org.healbms.deploy.runtime.TelemetrySnapshot;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.io.cell.CellParameterFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code healbms run}: the firmware. Stops after {@code --duration}, or on SIGTERM/Ctrl-C, in both
 * cases through the state machine's shutdown (contactors open), then saves its state.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the firmware: acquisition, protection, pack state machine, estimation, persistence.",
                "Without --config it runs the bundled desktop configuration: emulated chips on cells that replay",
                "the bundled US06 trace."})
public final class RunCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "firmware configuration (default: the bundled desktop one)")
    Path config;

    @Option(names = "--duration", paramLabel = "S", description = "stop after this many seconds (default: run until SIGTERM)")
    Double durationS;

    @Option(names = "--json", description = "print the summary as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("healbms-run");
        try {
            // The bundled configuration's state lives where the command runs, not in the scratch folder.
            Setup setup = setup(config, scratch, config == null ? Path.of("healbms-state").toAbsolutePath() : null);
            FirmwareConfig c = setup.config();
            BoardDescription board = setup.board();
            CellParameters cell = setup.cell();
            Path plant = setup.plant();
            org.healbms.healing.rules.RuleSet rules = setup.rules();
            return run(c, board, cell, plant, rules);
        } finally {
            BundledFiles.deleteTree(scratch);
        }
    }

    /** Everything a firmware needs, read from a configuration (null: the bundled desktop one). */
    record Setup(FirmwareConfig config, BoardDescription board, CellParameters cell, Path plant,
                 org.healbms.healing.rules.RuleSet rules) {
    }

    static Setup setup(Path configFile, Path scratch, Path stateDir) throws java.io.IOException {
        Path file = configFile != null ? configFile
                : BundledFiles.extract(scratch, "/org/healbms/deploy/runtime/", "desktop.firmware.yaml");
        FirmwareConfig c = FirmwareConfigFile.read(file);
        if (stateDir != null) {
            c = new FirmwareConfig(c.board(), c.cell(), c.plantTrace(), c.limits(), stateDir, c.saveInterval(), c.socGuess(),
                    c.negativeGpio(), c.prechargeGpio(), c.positiveGpio(), c.linkVoltageChannel(), c.runOnStart(), c.rules(),
                    c.healingBudgetDoses(), c.coapHost(), c.coapPort(), c.coapSecurePort(), c.coapKeys(),
                    c.impedanceSweeps(), c.strainCalibration(), c.thermalModel());
        }
        BoardDescription board = BoardFile.read(c.board() != null ? c.board()
                : BundledFiles.extract(scratch, BundledFiles.BOARD, BundledFiles.EXAMPLE_BOARD));
        CellParameters cell = CellParameterFile.read(c.cell() != null ? c.cell()
                : BundledFiles.extract(scratch, BundledFiles.DEMO, BundledFiles.DEMO_CELL)).parameters();
        Path plant = c.plantTrace() != null ? c.plantTrace()
                : BundledFiles.extract(scratch, BundledFiles.DEMO, BundledFiles.DEMO_TRACE);
        org.healbms.healing.rules.RuleSet rules = org.healbms.io.rules.RulesFile.read(c.rules() != null ? c.rules()
                : BundledFiles.extract(scratch, "/org/healbms/deploy/rules/", "example.rules.yaml"));
        return new Setup(c, board, cell, plant, rules);
    }

    private int run(FirmwareConfig c, BoardDescription board, CellParameters cell, Path plant,
                    org.healbms.healing.rules.RuleSet rules) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (Firmware firmware = new Firmware(c, board, cell, plant, rules, spec.commandLine().getErr())) {
            Thread hook = new Thread(() -> {
                firmware.requestShutdown();
                try {
                    stopped.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "healbms-sigterm");
            Runtime.getRuntime().addShutdownHook(hook);
            LoopStatistics stats;
            org.healbms.deploy.coap.TelemetryServer coap = null;
            if (c.coapHost() != null) {
                var keys = c.coapKeys() == null ? null : org.healbms.deploy.coap.KeyFile.read(c.coapKeys());
                var policy = keys == null ? org.healbms.deploy.coap.AccessPolicy.loopbackReadsOnly() : keys.policy();
                coap = new org.healbms.deploy.coap.TelemetryServer(firmware, new java.net.InetSocketAddress(c.coapHost(),
                        c.coapPort()), keys == null ? null : new java.net.InetSocketAddress(c.coapHost(), c.coapSecurePort()),
                        keys == null ? java.util.List.of() : keys.keys(), policy, board.cells(), 1000);
                coap.start();
                spec.commandLine().getErr().printf("healbms run: CoAP telemetry on coap://%s:%d%s%n", c.coapHost(), coap.port(),
                        keys == null ? " (reads from loopback only; no keys, no writes)"
                                : ", coaps://%s:%d".formatted(c.coapHost(), coap.securePort()));
            }
            try {
                stats = firmware.run(durationS == null ? null : Duration.ofMillis(Math.round(durationS * 1000)));
            } finally {
                if (coap != null) {
                    coap.close();
                }
                stopped.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down (SIGTERM): the hook is running and waits for us.
            }
            print(firmware, board, stats);
        }
        return 0;
    }

    private void print(Firmware f, BoardDescription board, LoopStatistics stats) throws Exception {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long heapPeak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("board %s: %d ticks, %d deadline misses (worst lateness %.1f ms), heap %.1f MB used (peak %.1f MB)"
                        + " of %.0f MB%n", board.name(), stats.ticks(), stats.deadlineMisses(), stats.worstLatenessNanos() / 1e6,
                heapUsed / 1e6, heapPeak / 1e6, rt.maxMemory() / 1e6);
        System.out.printf("state %s after %d transitions; active faults %s%n", f.state(), f.transitions().size(),
                f.activeFaults().isEmpty() ? "none" : f.activeFaults());
        for (int k = 0; k < f.estimator().cells(); k++) {
            double core = f.estimator().coreTemperatureDegC(k);
            System.out.printf("  cell %d: SoC %.1f %% +- %.1f %% (3 sigma)%s%n", k + 1, 100 * f.estimator().soc(k),
                    300 * f.estimator().socSigma(k), Double.isFinite(core)
                            ? "; core %.1f degC +- %.1f K (3 sigma)".formatted(core, 3 * f.estimator().coreTemperatureSigmaK(k))
                            : "");
        }
        var snapshot = f.snapshot();
        List<TelemetrySnapshot.Impedance> impedance = snapshot == null ? List.of() : snapshot.impedance();
        for (TelemetrySnapshot.Impedance z : impedance) {
            System.out.printf("  cell %d impedance: %d sweeps recorded%s%n", z.cell(), z.recorded(), z.latest().map(r ->
                    "; latest R_ohmic %.2f mOhm, R_ct %.2f mOhm, fit error %.2f %%".formatted(1e3 * r.ohmicOhm(),
                            1e3 * r.chargeTransferOhm(), 100 * r.fitError())).orElse(""));
        }
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("board", board.name());
            o.put("ticks", stats.ticks());
            o.put("deadline_misses", stats.deadlineMisses());
            o.put("worst_lateness_ms", stats.worstLatenessNanos() / 1e6);
            o.put("heap_used_bytes", heapUsed);
            o.put("heap_peak_bytes", heapPeak);
            o.put("heap_max_bytes", rt.maxMemory());
            o.put("state", f.state().name().toLowerCase());
            var faults = o.putArray("active_faults");
            f.activeFaults().keySet().forEach(id -> faults.add(id.name().toLowerCase()));
            var transitions = o.putArray("transitions");
            f.transitions().forEach(t -> transitions.add(t.from().name().toLowerCase() + "->" + t.to().name().toLowerCase()));
            var cells = o.putArray("cells");
            for (int k = 0; k < f.estimator().cells(); k++) {
                ObjectNode cell = cells.addObject();
                JsonFigures.put(cell, "soc", f.estimator().soc(k));
                JsonFigures.put(cell, "soc_sigma", f.estimator().socSigma(k));
                JsonFigures.put(cell, "core_temperature_degc", f.estimator().coreTemperatureDegC(k));
                JsonFigures.put(cell, "core_temperature_sigma_k", f.estimator().coreTemperatureSigmaK(k));
            }
            var sweeps = o.putArray("impedance");
            for (TelemetrySnapshot.Impedance z : impedance) {
                ObjectNode cell = sweeps.addObject();
                cell.put("cell", z.cell());
                cell.put("recorded", z.recorded());
                var latest = z.latest();
                JsonFigures.put(cell, "r_ohmic_ohm", latest.map(r -> r.ohmicOhm()).orElse(Double.NaN));
                JsonFigures.put(cell, "r_ct_ohm", latest.map(r -> r.chargeTransferOhm()).orElse(Double.NaN));
                JsonFigures.put(cell, "fit_error", latest.map(r -> r.fitError()).orElse(Double.NaN));
            }
            System.out.println(JSON.writeValueAsString(o));
        }
    }
}
