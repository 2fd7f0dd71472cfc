package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.healbms.sim.replay.ReplayResult;

/**
 * The summary row of a batch replay: the mean and the worst of each SoC figure over the scored
 * traces, and the throughput of the whole batch (its rows over its wall time).
 *
 * @param traces   traces given
 * @param failed   traces that could not be replayed
 * @param scored   traces with a reference SoC
 * @param rows     rows replayed
 * @param wallS    wall time of the whole batch, s
 * @param results  the results of the traces that were replayed
 */
record BatchSummary(int traces, int failed, int scored, long rows, double wallS, List<ReplayResult> results) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static BatchSummary of(List<BatchReplay.Outcome> outcomes, double wallS) {
        List<ReplayResult> results = outcomes.stream()
                .map(BatchReplay.Outcome::result)
                .filter(r -> r != null)
                .toList();
        return new BatchSummary(
                outcomes.size(),
                outcomes.size() - results.size(),
                (int) results.stream().filter(ReplayResult::scored).count(),
                results.stream().mapToLong(ReplayResult::samples).sum(),
                wallS,
                results);
    }

    double mean(ToDoubleFunction<ReplayResult> figure) {
        return results.stream()
                .mapToDouble(figure)
                .filter(Double::isFinite)
                .average()
                .orElse(Double.NaN);
    }

    double max(ToDoubleFunction<ReplayResult> figure) {
        return results.stream()
                .mapToDouble(figure)
                .filter(Double::isFinite)
                .max()
                .orElse(Double.NaN);
    }

    double min(ToDoubleFunction<ReplayResult> figure) {
        return results.stream()
                .mapToDouble(figure)
                .filter(Double::isFinite)
                .min()
                .orElse(Double.NaN);
    }

    double rowsPerSecond() {
        return wallS > 0 ? rows / wallS : Double.NaN;
    }

    /** The last JSON line: {@code "summary": true} tells it from the traces' lines. */
    ObjectNode json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("summary", true);
        o.put("traces", traces);
        o.put("failed", failed);
        o.put("scored", scored);
        o.put("rows", rows);
        o.put("wall_s", wallS);
        JsonFigures.put(o, "rows_per_s", rowsPerSecond());
        JsonFigures.put(o, "soc_rmse_after_600s_mean", mean(r -> r.estimator().rmseAfterSettling()));
        JsonFigures.put(o, "soc_rmse_after_600s_max", max(r -> r.estimator().rmseAfterSettling()));
        JsonFigures.put(
                o, "soc_max_abs_error_after_600s_max", max(r -> r.estimator().maxAbsErrorAfterSettling()));
        JsonFigures.put(o, "sigma3_coverage_min", min(r -> r.estimator().sigma3Coverage()));
        JsonFigures.put(
                o, "soc_sigma3_mean_after_600s_mean", mean(r -> r.estimator().sigma3MeanAfterSettling()));
        JsonFigures.put(
                o, "soc_sigma3_mean_after_600s_max", max(r -> r.estimator().sigma3MeanAfterSettling()));
        JsonFigures.put(
                o, "baseline_soc_rmse_after_600s_mean", mean(r -> r.baseline().rmseAfterSettling()));
        return o;
    }

    void print(PrintStream out) {
        out.printf(
                "%-44s %8s %8s %8s %8s %9s %10.0f%n",
                "mean (worst) of %d scored".formatted(scored),
                BatchReplay.percent(mean(r -> r.estimator().rmseAfterSettling())),
                BatchReplay.percent(max(r -> r.estimator().maxAbsErrorAfterSettling())),
                BatchReplay.fraction(min(r -> r.estimator().sigma3Coverage())),
                BatchReplay.percent(mean(r -> r.estimator().sigma3MeanAfterSettling())),
                BatchReplay.percent(mean(r -> r.baseline().rmseAfterSettling())),
                rowsPerSecond());
        out.printf(
                "%d traces, %d rows in %.2f s%s; SoC figures in %% after the first 600 s:"
                        + " RMSE and 3-sigma half-width are means, max error the worst, coverage the lowest%n",
                traces, rows, wallS, failed > 0 ? ", %d could not be replayed".formatted(failed) : "");
    }
}
