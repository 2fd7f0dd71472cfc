package org.healbms.twin.pack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.twin.telemetry.TelemetryRecord;

/**
 * One pack's twin: the firmware's own {@link PackEstimator}, unchanged, fed the pack's telemetry
 * frames, with the last record applied. It refuses what would corrupt the estimate (another cell
 * count, time going back, the same record twice) and otherwise steps the estimator exactly as the
 * firmware does.
 */
public final class PackTwin {

    private final PackModel model;
    private final PackEstimator estimator;
    private long lastTick;
    private long lastTimeNanos = Long.MIN_VALUE;

    private PackTwin(PackModel model) {
        this.model = model;
        int n = model.cells();
        this.estimator =
                new PackEstimator(FrameChannels.of(TelemetryRecord.layout(n), n), model.cell(), model.socGuess());
    }

    /** A pack the twin has not seen: its estimate starts from the model's guess. */
    public static PackTwin start(PackModel model) {
        return new PackTwin(model);
    }

    /** A pack continued from its stored state, as if it had never stopped. */
    public static PackTwin resume(PackModel model, TwinState saved) {
        if (saved.cells().size() != model.cells()) {
            throw new IllegalArgumentException(
                    "the stored state has " + saved.cells().size() + " cells but the pack has " + model.cells());
        }
        PackTwin twin = new PackTwin(model);
        for (int k = 0; k < model.cells(); k++) {
            twin.estimator.restore(k, saved.cells().get(k));
        }
        // The estimator takes a step's length from the frames' times: a frame at the last applied
        // time with no usable current tells it that time and nothing else (every filter holds
        // without a current), so the next record's step is as long as it was for the firmware.
        twin.estimator.update(anchor(saved.lastTick(), saved.lastTimeNanos(), model.cells()));
        twin.lastTick = saved.lastTick();
        twin.lastTimeNanos = saved.lastTimeNanos();
        return twin;
    }

    private static ReadingFrame anchor(long tick, long timeNanos, int cells) {
        int channels = 2 * cells + 1;
        double[] values = new double[channels];
        Arrays.fill(values, Double.NaN);
        Quality[] quality = new Quality[channels];
        Arrays.fill(quality, Quality.STALE);
        long[] sampledAt = new long[channels];
        Arrays.fill(sampledAt, Long.MIN_VALUE);
        return new ReadingFrame(tick, timeNanos, TelemetryRecord.layout(cells), values, quality, sampledAt);
    }

    public PackModel model() {
        return model;
    }

    /** Why this record may not be applied to the pack, or null when it may. */
    public String refusal(TelemetryRecord r) {
        if (r.cells() != model.cells()) {
            return "the record has " + r.cells() + " cells but the pack has " + model.cells();
        }
        if (lastTimeNanos != Long.MIN_VALUE) {
            if (r.timeNanos() < lastTimeNanos) {
                return "time_ns " + r.timeNanos() + " goes back from the last applied " + lastTimeNanos;
            }
            // Same time and tick: a record delivered again (at-least-once), not a new reading.
            if (r.timeNanos() == lastTimeNanos && r.tick() == lastTick) {
                return "tick " + r.tick() + " at time_ns " + r.timeNanos() + " was applied already";
            }
        }
        return null;
    }

    /** Steps the estimator; call only when {@link #refusal} is null. Returns the state to store and the estimate. */
    public Step apply(TelemetryRecord r) {
        String refusal = refusal(r);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        estimator.update(r.frame());
        lastTick = r.tick();
        lastTimeNanos = r.timeNanos();
        int n = model.cells();
        List<FilterState> filters = new ArrayList<>(n);
        double[] soc = new double[n];
        double[] socSigma = new double[n];
        double[] capacity = new double[n];
        double[] capacitySigma = new double[n];
        double[] resistance = new double[n];
        double[] resistanceSigma = new double[n];
        for (int k = 0; k < n; k++) {
            FilterState f = estimator.state(k);
            filters.add(f);
            soc[k] = estimator.soc(k);
            socSigma[k] = estimator.socSigma(k);
            capacity[k] = estimator.capacityAh(k);
            capacitySigma[k] = Double.isFinite(capacity[k]) ? capacitySigmaAh(f) : Double.NaN;
            resistance[k] = estimator.resistanceScale(k);
            resistanceSigma[k] = estimator.resistanceScaleSigma(k);
        }
        return new Step(
                new TwinState(lastTick, lastTimeNanos, filters),
                new PackEstimate(
                        lastTick,
                        lastTimeNanos,
                        soc,
                        socSigma,
                        capacity,
                        capacitySigma,
                        model.cell().capacityAh(),
                        resistance,
                        resistanceSigma));
    }

    /** 1σ of Q from that of the state 1/Q: σ_Q = σ_c / c² (the estimator's own capacitySigmaAh). */
    private static double capacitySigmaAh(FilterState f) {
        double c = f.state()[5];
        return Math.sqrt(Math.max(f.covariance()[5 * 6 + 5], 0.0)) / (c * c);
    }

    /** What one applied record leaves: the state to keep and the estimate to publish. */
    public record Step(TwinState state, PackEstimate estimate) {}
}
