package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import org.healbms.io.file.FileProblem;
import org.healbms.sim.replay.ReplayResult;

/**
 * Many traces replayed in one process, in parallel where there are cores: one JVM start and one
 * warm-up for an evaluation instead of one per trace. Each trace is replayed exactly as a single
 * {@code replay} would (its own estimator, its reference from its own metadata), and printed in the
 * order given, as soon as it and the traces before it are done. A trace that cannot be replayed is
 * named with what is wrong with it; the others still run, and the command then exits 2.
 */
final class BatchReplay {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Replays one trace (the same work as a single {@code replay}). */
    @FunctionalInterface
    interface OneTrace {
        ReplayResult replay(Path trace) throws IOException;
    }

    /** One trace's outcome: its result, or why it could not be replayed. */
    record Outcome(Path trace, ReplayResult result, String problem) {}

    private BatchReplay() {}

    /** Replays every trace, prints a table (or a JSON line per trace and a summary line), returns the exit code. */
    static int run(
            List<Path> traces,
            OneTrace one,
            int threads,
            boolean asJson,
            double ratedCapacityAh,
            PrintStream out,
            PrintWriter err) {
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        if (!asJson) {
            out.printf(
                    "%-44s %8s %8s %8s %8s %9s %10s%n",
                    "trace", "rmse600", "max600", "cover3s", "sigma3", "base600", "rows/s");
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, traces.size())));
                ProgressBar bar = TerminalProgress.open("replay", traces.size(), " traces")) {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (Path trace : traces) {
                pending.add(pool.submit(() -> replayQuietly(trace, one)));
            }
            for (Future<Outcome> f : pending) {
                Outcome o = waitFor(f);
                outcomes.add(o);
                if (bar != null) {
                    bar.step();
                }
                if (o.problem() != null) {
                    err.println("healbms replay: " + o.problem());
                }
                if (asJson) {
                    out.println(traceJson(o, ratedCapacityAh));
                } else if (o.result() != null) {
                    row(out, o.trace(), o.result());
                }
            }
        }
        BatchSummary summary = BatchSummary.of(outcomes, (System.nanoTime() - start) / 1e9);
        if (asJson) {
            out.println(summary.json());
        } else {
            summary.print(out);
        }
        return summary.failed() > 0 ? 2 : 0;
    }

    private static Outcome replayQuietly(Path trace, OneTrace one) {
        try {
            return new Outcome(trace, one.replay(trace), null);
        } catch (IOException e) {
            return new Outcome(trace, null, FileProblem.describe(e));
        } catch (IllegalArgumentException e) {
            return new Outcome(trace, null, trace + ": " + e.getMessage());
        }
    }

    private static Outcome waitFor(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (ExecutionException e) {
            // Anything but bad input is a defect: let it surface whole.
            throw new IllegalStateException(e.getCause());
        }
    }

    static String name(Path trace) {
        return trace.getFileName().toString().replaceFirst("\\.bdf\\.csv(\\.gz)?$", "");
    }

    private static ObjectNode traceJson(Outcome o, double ratedCapacityAh) {
        ObjectNode j = o.result() != null ? ReplayCommand.json(o.result(), ratedCapacityAh) : JSON.createObjectNode();
        j.put("trace", o.trace().toString());
        if (o.problem() != null) {
            j.put("error", o.problem());
        }
        return j;
    }

    private static void row(PrintStream out, Path trace, ReplayResult r) {
        out.printf(
                "%-44s %8s %8s %8s %8s %9s %10.0f%n",
                name(trace),
                percent(r.estimator().rmseAfterSettling()),
                percent(r.estimator().maxAbsErrorAfterSettling()),
                fraction(r.estimator().sigma3Coverage()),
                percent(r.estimator().sigma3MeanAfterSettling()),
                percent(r.baseline().rmseAfterSettling()),
                r.rowsPerSecond());
    }

    static String percent(double v) {
        return Double.isFinite(v) ? String.format("%.2f", 100 * v) : "n/a";
    }

    static String fraction(double v) {
        return Double.isFinite(v) ? String.format("%.3f", v) : "n/a";
    }
}
