package org.healbms.twin.pack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.life.LifeStory;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.core.signature.PackSignatures;
import org.healbms.twin.telemetry.TelemetryRecord;

/**
 * One pack's twin: the firmware's own {@link PackEstimator}, {@link LifeStory} and signature
 * detectors ({@link PackSignatures}), unchanged, fed the pack's telemetry frames, with the last
 * record applied. It refuses what would corrupt the estimate (another cell count, time going back,
 * the same record twice) and otherwise steps the estimator, counts the story (a protection fault
 * when it appears in a record) and runs the detectors on what the estimator makes of each cell,
 * exactly as the firmware does (at the telemetry's rate: a gateway's 1 Hz frames integrate a little
 * differently from the controller's 10 Hz ticks).
 */
public final class PackTwin {

    /** A life-story update is published once per this much of the pack's time (and with its first record). */
    public static final long STORY_PERIOD_NANOS = 60_000_000_000L;

    private final PackModel model;
    private final PackEstimator estimator;
    private final LifeStory story;
    private final PackSignatures signatures;
    private final double[] volts;
    private final double[] temperatures;
    private long lastTick;
    private long lastTimeNanos = Long.MIN_VALUE;
    private long lastStoryNanos = Long.MIN_VALUE;
    /** The protection faults of the last record applied: one is counted when a record first has it. */
    private List<String> activeFaults = List.of();
    /** The signatures active after the last record: a change is told when a record's differ. */
    private List<ActiveSignature> activeSignatures = List.of();

    private PackTwin(PackModel model) {
        this.model = model;
        int n = model.cells();
        this.estimator =
                new PackEstimator(FrameChannels.of(TelemetryRecord.layout(n), n), model.cell(), model.socGuess());
        this.story = new LifeStory(n, model.lifeLimits(), model.restCurrentA());
        this.signatures = new PackSignatures(model.cell());
        this.volts = new double[n];
        this.temperatures = new double[n];
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
        twin.story.restore(saved.story());
        twin.lastStoryNanos = saved.lastStoryNanos();
        twin.activeFaults = saved.activeFaults();
        twin.signatures.restore(saved.signatures());
        twin.activeSignatures = saved.activeSignatures();
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
        ReadingFrame frame = r.frame();
        estimator.update(frame);
        // The story's interval is the telemetry's; the first record of a pack counts no time.
        double dtS = lastTimeNanos == Long.MIN_VALUE ? 0 : (r.timeNanos() - lastTimeNanos) / 1e9;
        int n = model.cells();
        Quality[] vq = r.cellVoltageQuality();
        Quality[] tq = r.cellTemperatureQuality();
        double[] v = r.cellVoltageV();
        double[] t = r.cellTemperatureDegC();
        for (int k = 0; k < n; k++) {
            volts[k] = vq[k] == Quality.OK ? v[k] : Double.NaN;
            temperatures[k] = tq[k] == Quality.OK ? t[k] : Double.NaN;
        }
        long epochMs = Math.floorDiv(r.timeNanos(), 1_000_000);
        double current = r.currentQuality() == Quality.OK ? r.currentA() : Double.NaN;
        story.update(epochMs, dtS, current, volts, temperatures);
        boolean raised = false;
        for (String fault : r.protectionFaults()) {
            if (!activeFaults.contains(fault)) {
                story.faultRaised(fault, epochMs);
                raised = true;
            }
        }
        activeFaults = r.protectionFaults();
        List<SignatureChange> changes = signatures(frame, current);
        lastTick = r.tick();
        lastTimeNanos = r.timeNanos();
        LifeStoryRecord told = story.record();
        // A raised fault is told at once: it is an event, not a slow integral.
        boolean due =
                raised || lastStoryNanos == Long.MIN_VALUE || r.timeNanos() - lastStoryNanos >= STORY_PERIOD_NANOS;
        if (due) {
            lastStoryNanos = r.timeNanos();
        }
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
                new TwinState(
                        lastTick,
                        lastTimeNanos,
                        filters,
                        told,
                        lastStoryNanos,
                        activeFaults,
                        signatures.snapshot(),
                        activeSignatures),
                new PackEstimate(
                        lastTick,
                        lastTimeNanos,
                        soc,
                        socSigma,
                        capacity,
                        capacitySigma,
                        model.cell().capacityAh(),
                        resistance,
                        resistanceSigma),
                due ? told : null,
                changes);
    }

    /**
     * The detectors' tick on what the controller's healing tick gives them: each cell's estimates
     * after the step, its usable temperature, voltage and the string current (NaN where not usable;
     * no strain gauge, no core model). Returns the signatures that became active or cleared.
     */
    private List<SignatureChange> signatures(ReadingFrame frame, double current) {
        int n = model.cells();
        List<CellObservation> cells = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            cells.add(new CellObservation(
                    k + 1,
                    estimator.soc(k),
                    temperatures[k],
                    current,
                    estimator.capacityAh(k),
                    estimator.resistanceScale(k),
                    estimator.resistanceScaleSigma(k),
                    Double.NaN,
                    volts[k],
                    estimator.coreTemperatureDegC(k),
                    ResistanceHealth.UNKNOWN));
        }
        List<DegradationSignature> found = signatures.update(frame, cells);
        if (found.isEmpty() && activeSignatures.isEmpty()) {
            return List.of();
        }
        List<ActiveSignature> now = new ArrayList<>(found.size());
        List<SignatureChange> changes = new ArrayList<>();
        for (DegradationSignature s : found) {
            ActiveSignature key = new ActiveSignature(s.kind(), s.cell());
            if (now.contains(key)) {
                continue; // two detectors of one kind (plating risk) on one cell: the first one tells it
            }
            now.add(key);
            if (!activeSignatures.contains(key)) {
                changes.add(new SignatureChange(s.kind(), s.cell(), true, s));
            }
        }
        for (ActiveSignature was : activeSignatures) {
            if (!now.contains(was)) {
                changes.add(new SignatureChange(was.kind(), was.cell(), false, null));
            }
        }
        activeSignatures = List.copyOf(now);
        return changes;
    }

    /** 1σ of Q from that of the state 1/Q: σ_Q = σ_c / c² (the estimator's own capacitySigmaAh). */
    private static double capacitySigmaAh(FilterState f) {
        double c = f.state()[5];
        return Math.sqrt(Math.max(f.covariance()[5 * 6 + 5], 0.0)) / (c * c);
    }

    /**
     * What one applied record leaves: the state to keep, the estimate to publish, the life story
     * when an update of it is due (null otherwise), and the signatures that became active or cleared.
     */
    public record Step(
            TwinState state, PackEstimate estimate, LifeStoryRecord story, List<SignatureChange> signatures) {

        public Step {
            signatures = List.copyOf(signatures);
        }
    }
}
