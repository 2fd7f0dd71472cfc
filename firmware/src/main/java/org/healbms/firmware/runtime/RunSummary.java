package org.healbms.firmware.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.List;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.firmware.telemetry.TelemetrySnapshot;

/** What {@code healbms run} prints when the firmware has stopped: loop, heap, state, cells, and as JSON. */
final class RunSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSummary() {}

    static void print(PrintStream out, Firmware f, BoardDescription board, LoopStatistics stats, boolean json)
            throws Exception {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long heapPeak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        out.printf(
                "board %s: %d ticks, %d deadline misses (worst lateness %.1f ms), heap %.1f MB used (peak %.1f MB)"
                        + " of %.0f MB%n",
                board.name(),
                stats.ticks(),
                stats.deadlineMisses(),
                stats.worstLatenessNanos() / 1e6,
                heapUsed / 1e6,
                heapPeak / 1e6,
                rt.maxMemory() / 1e6);
        out.printf(
                "state %s after %d transitions; active faults %s%n",
                f.state(), f.transitions().size(), f.activeFaults().isEmpty() ? "none" : f.activeFaults());
        for (int k = 0; k < f.estimator().cells(); k++) {
            double core = f.estimator().coreTemperatureDegC(k);
            out.printf(
                    "  cell %d: SoC %.1f %% +- %.1f %% (3 sigma)%s%n",
                    k + 1,
                    100 * f.estimator().soc(k),
                    300 * f.estimator().socSigma(k),
                    Double.isFinite(core)
                            ? "; core %.1f degC +- %.1f K (3 sigma)"
                                    .formatted(core, 3 * f.estimator().coreTemperatureSigmaK(k))
                            : "");
        }
        var snapshot = f.snapshot();
        List<TelemetrySnapshot.Impedance> impedance = snapshot == null ? List.of() : snapshot.impedance();
        for (TelemetrySnapshot.Impedance z : impedance) {
            out.printf(
                    "  cell %d impedance: %d sweeps recorded%s%n",
                    z.cell(),
                    z.recorded(),
                    z.latest()
                            .map(r -> "; latest R_ohmic %.2f mOhm, R_ct %.2f mOhm, fit error %.2f %%"
                                    .formatted(1e3 * r.ohmicOhm(), 1e3 * r.chargeTransferOhm(), 100 * r.fitError()))
                            .orElse(""));
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
            f.transitions()
                    .forEach(t -> transitions.add(
                            t.from().name().toLowerCase() + "->" + t.to().name().toLowerCase()));
            var cells = o.putArray("cells");
            for (int k = 0; k < f.estimator().cells(); k++) {
                ObjectNode cell = cells.addObject();
                put(cell, "soc", f.estimator().soc(k));
                put(cell, "soc_sigma", f.estimator().socSigma(k));
                put(cell, "core_temperature_degc", f.estimator().coreTemperatureDegC(k));
                put(cell, "core_temperature_sigma_k", f.estimator().coreTemperatureSigmaK(k));
            }
            var sweeps = o.putArray("impedance");
            for (TelemetrySnapshot.Impedance z : impedance) {
                ObjectNode cell = sweeps.addObject();
                cell.put("cell", z.cell());
                cell.put("recorded", z.recorded());
                var latest = z.latest();
                put(cell, "r_ohmic_ohm", latest.map(r -> r.ohmicOhm()).orElse(Double.NaN));
                put(cell, "r_ct_ohm", latest.map(r -> r.chargeTransferOhm()).orElse(Double.NaN));
                put(cell, "fit_error", latest.map(r -> r.fitError()).orElse(Double.NaN));
            }
            out.println(JSON.writeValueAsString(o));
        }
    }

    /** A figure, or null where there is none (JSON has no NaN), as in every command's JSON. */
    private static void put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
