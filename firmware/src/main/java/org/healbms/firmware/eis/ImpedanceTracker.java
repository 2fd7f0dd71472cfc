package org.healbms.firmware.eis;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.healbms.core.impedance.ImpedanceHistory;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.core.signature.ImpedanceGrowthDetector;
import org.healbms.healing.thermal.Verification;
import org.healbms.io.firmware.SweepPolicy;

/**
 * The control loop's side of impedance tracking, one {@link #tick} per control tick: it starts a
 * cell's sweep when one is due and the pack has rested long enough, stops a sweep when the pack
 * leaves rest or protection raises a fault (protection wins), and takes each finished sweep: a
 * discarded or failed one is only logged, a fit above the error limit is refused (logged), a good
 * one becomes a record in the cell's history (saved at once, crash-safe), goes to the
 * impedance-growth detector, and is logged. Sweeps also start on request ({@link #request}, from
 * the CoAP thread), under the same conditions. Everything but {@link #request} runs on the control
 * thread, which owns the histories and the detector.
 */
public final class ImpedanceTracker implements AutoCloseable {

    /** Recent records kept per cell, besides its baselines. */
    static final int RECENT_RECORDS = 50;
    /** Comparable sweeps in a row before impedance growth fires (or clears). */
    static final int PERSIST_SWEEPS = 3;

    private final SweepWorker worker;
    private final SweepPolicy policy;
    private final PackRest rest;
    private final ImpedanceHistoryStore store;
    private final Consumer<String> audit;
    private final Consumer<String> warn;
    private final Map<Integer, ImpedanceHistory> histories;
    private final ImpedanceGrowthDetector detector = new ImpedanceGrowthDetector(PERSIST_SWEEPS);
    /**
     * Least relative change of R_ct that counts as a change when a healing action is judged by EIS:
     * the larger of this and three times the two fits' combined error.
     */
    static final double MIN_HEALING_CHANGE = 0.05;
    /** Per cell: a healing action waiting to be judged by its next sweep, and the record before it. */
    private final Map<Integer, PendingVerdict> verdicts = new ConcurrentHashMap<>();

    private volatile HealingVerdicts verdictSink = (ruleId, cell, outcome) -> {};

    /** Where a verdict on a healing action goes (the rule's efficacy). */
    @FunctionalInterface
    public interface HealingVerdicts {
        void judged(String ruleId, int cell, Verification.Outcome outcome);
    }

    private record PendingVerdict(String ruleId, ImpedanceRecord before, int attempts) {}

    /** Sweeps tried after a healing action before its verdict is given up (each may be discarded or fail). */
    static final int VERDICT_ATTEMPTS = 3;

    /** Monotonic time each cell's last sweep was started (scheduled or requested). */
    private final Map<Integer, Long> lastStarted = new ConcurrentHashMap<>();

    private volatile boolean protectionFault;
    private long lastFaultNanos = Long.MIN_VALUE;

    /**
     * Loads the saved histories and replays them through the detector, so a growth found before a
     * restart is still active after it.
     *
     * @param restCurrentA pack current below which the cells rest
     * @param warn         where load warnings go (a damaged slot, a history started afresh)
     */
    public ImpedanceTracker(
            SweepWorker worker,
            SweepPolicy policy,
            double restCurrentA,
            ImpedanceHistoryStore store,
            Consumer<String> audit,
            Consumer<String> warn,
            long nowNanos)
            throws IOException {
        this.worker = worker;
        this.policy = policy;
        this.rest = new PackRest(restCurrentA);
        this.store = store;
        this.audit = audit;
        this.warn = warn;
        ImpedanceHistoryStore.Loaded loaded = store.load(RECENT_RECORDS);
        loaded.warnings().forEach(warn);
        this.histories = new TreeMap<>(loaded.histories());
        for (int cell : worker.cells()) {
            histories.computeIfAbsent(cell, k -> new ImpedanceHistory(RECENT_RECORDS));
        }
        histories.forEach((cell, h) -> {
            for (ImpedanceRecord r : h.records()) {
                detector.update(cell, r, h.baselineFor(r), nowNanos);
            }
        });
    }

    /**
     * One control tick.
     *
     * @param packCurrentA     NaN when not measured this tick
     * @param protectionFault  a fault that derates or opens the pack is active
     * @param soc              per cell (index cell − 1)
     * @param temperatureDegC  per cell, NaN where not known
     */
    public void tick(
            long nowNanos, double packCurrentA, boolean protectionFault, double[] soc, double[] temperatureDegC) {
        rest.update(packCurrentA, nowNanos);
        this.protectionFault = protectionFault;
        if (protectionFault) {
            lastFaultNanos = nowNanos;
        }
        if (worker.sweeping().isPresent()) {
            if (protectionFault) {
                worker.abort("a protection fault is active");
            } else if (rest.restedNanos(nowNanos) < 0) {
                worker.abort("the pack left rest (current " + rest.lastCurrent() + ")");
            }
        }
        for (SweepOutcome o; (o = worker.nextFinished()) != null; ) {
            take(o, nowNanos, soc, temperatureDegC);
        }
        schedule(nowNanos);
    }

    /** Verdicts on healing actions go here from now on. */
    public void onVerdict(HealingVerdicts sink) {
        this.verdictSink = sink;
    }

    /**
     * A healing action on {@code cell} has ended: its next sweep (started as soon as the pack rests,
     * whatever the interval) is compared with the cell's last record before it. A cell never swept
     * before cannot be judged this way. On the control thread, like {@link #tick}.
     */
    public void judgeHealing(int cell, String ruleId) {
        if (!worker.cells().contains(cell)) {
            return;
        }
        Optional<ImpedanceRecord> before = histories.get(cell).latest();
        if (before.isEmpty()) {
            audit.accept("healing of cell %d by rule %s: no EIS sweep before it, so EIS cannot judge it"
                    .formatted(cell, ruleId));
            return;
        }
        verdicts.put(cell, new PendingVerdict(ruleId, before.get(), 0));
        audit.accept("healing of cell %d by rule %s: its next EIS sweep at rest judges it".formatted(cell, ruleId));
    }

    private void schedule(long nowNanos) {
        if (protectionFault
                || rest.restedNanos(nowNanos) < policy.rest().toNanos()
                || worker.sweeping().isPresent()) {
            return;
        }
        for (var e : verdicts.entrySet()) {
            PendingVerdict v = e.getValue();
            if (v.attempts() >= VERDICT_ATTEMPTS) {
                verdicts.remove(e.getKey());
                audit.accept("healing of cell %d by rule %s not judged by EIS: %d sweeps after it gave no usable fit"
                        .formatted(e.getKey(), v.ruleId(), VERDICT_ATTEMPTS));
                continue;
            }
            if (start(e.getKey(), "after healing", nowNanos)) {
                verdicts.put(e.getKey(), new PendingVerdict(v.ruleId(), v.before(), v.attempts() + 1));
                return;
            }
        }
        if (!policy.scheduled()) {
            return;
        }
        long intervalNanos = policy.interval().toNanos();
        long epochMs = worker.wall().millis();
        for (int cell : worker.cells()) {
            Long last = lastStarted.get(cell);
            // Across a restart the wall clock of the last record counts, so a restart does not sweep again at once.
            boolean due = (last == null || nowNanos - last >= intervalNanos)
                    && histories
                            .get(cell)
                            .latest()
                            .map(r -> epochMs - r.epochMs() >= policy.interval().toMillis())
                            .orElse(true);
            if (due && start(cell, "scheduled", nowNanos)) {
                return;
            }
        }
    }

    /**
     * A sweep asked for from outside (CoAP): started, or refused with the reason. {@code trigger}
     * says who asked ({@code "requested by identity bench from ..."}), in the audit log either way.
     * Thread-safe.
     */
    public SweepAnswer request(int cell, String trigger, long nowNanos) {
        SweepAnswer answer = admit(cell, trigger, nowNanos);
        if (answer.status() != SweepAnswer.Status.STARTED) {
            audit.accept("EIS sweep of cell %d refused (%s): %s".formatted(cell, trigger, answer.message()));
        }
        return answer;
    }

    private SweepAnswer admit(int cell, String trigger, long nowNanos) {
        if (!worker.cells().contains(cell)) {
            return new SweepAnswer(SweepAnswer.Status.NO_FRONT_END, "cell " + cell + " has no impedance front end");
        }
        if (protectionFault) {
            return new SweepAnswer(
                    SweepAnswer.Status.PROTECTION_FAULT, "a protection fault is active: no sweep until it has cleared");
        }
        long rested = rest.restedNanos(nowNanos);
        if (rested < policy.rest().toNanos()) {
            String how = rested < 0
                    ? "the pack current is " + rest.lastCurrent()
                    : "it has rested %.0f s".formatted(rested / 1e9);
            return new SweepAnswer(
                    SweepAnswer.Status.NOT_AT_REST,
                    ("cell %d is not at rest: %s; a sweep needs the pack " + "current below %.3f A for %d s")
                            .formatted(
                                    cell,
                                    how,
                                    rest.restCurrentA(),
                                    policy.rest().toSeconds()));
        }
        if (!start(cell, trigger, nowNanos)) {
            return new SweepAnswer(
                    SweepAnswer.Status.BUSY,
                    worker.sweeping().isPresent()
                            ? "cell %d is being swept; one sweep at a time"
                                    .formatted(worker.sweeping().getAsInt())
                            : "the firmware is stopping");
        }
        return new SweepAnswer(
                SweepAnswer.Status.STARTED,
                "sweep of cell %d started; its result comes to cells/%d/impedance".formatted(cell, cell));
    }

    private boolean start(int cell, String trigger, long nowNanos) {
        if (!worker.start(cell, trigger, nowNanos)) {
            return false;
        }
        lastStarted.put(cell, nowNanos);
        audit.accept("EIS sweep of cell %d started (%s)".formatted(cell, trigger));
        return true;
    }

    private void take(SweepOutcome o, long nowNanos, double[] soc, double[] temperatureDegC) {
        String discard = o.abortReason();
        if (discard == null && rest.restingSince() > o.startedNanos()) {
            discard = "the pack left rest during the sweep";
        }
        if (discard == null && lastFaultNanos >= o.startedNanos()) {
            discard = "a protection fault during the sweep";
        }
        if (discard != null) {
            audit.accept("EIS sweep of cell %d discarded: %s".formatted(o.cell(), discard));
            return;
        }
        if (o.fit() == null) {
            audit.accept("EIS sweep of cell %d failed: %s".formatted(o.cell(), o.failure()));
            return;
        }
        double error = o.fit().relativeRmsError();
        var c = o.fit().circuit();
        if (!(error <= policy.maxFitError())) {
            audit.accept(("EIS fit of cell %d refused: RMS error %.2f %% of |Z| is above the %.2f %% limit "
                            + "(R_ohmic %.2f mOhm, R_ct %.2f mOhm not recorded)")
                    .formatted(
                            o.cell(),
                            100 * error,
                            100 * policy.maxFitError(),
                            1e3 * c.ohmicOhm(),
                            1e3 * c.chargeTransferOhm()));
            return;
        }
        int k = o.cell() - 1;
        ImpedanceRecord r = new ImpedanceRecord(
                o.startedAtEpochMs(),
                k < soc.length ? soc[k] : Double.NaN,
                k < temperatureDegC.length ? temperatureDegC[k] : Double.NaN,
                c,
                error,
                o.fit().points());
        ImpedanceHistory h = histories.computeIfAbsent(o.cell(), x -> new ImpedanceHistory(RECENT_RECORDS));
        Optional<ImpedanceRecord> baseline = h.add(r);
        try {
            store.save(histories);
        } catch (IOException e) {
            warn.accept("impedance history not saved: " + e.getMessage());
        }
        detector.update(o.cell(), r, baseline, nowNanos);
        PendingVerdict verdict = verdicts.remove(o.cell());
        if (verdict != null) {
            judge(o.cell(), verdict, r);
        }
        String compared = baseline.map(b -> "R_ct %.2f x baseline at its temperature, R_ohmic %.2f x"
                        .formatted(
                                ImpedanceGrowthDetector.chargeTransferAt(r, b.temperatureDegC())
                                        / b.chargeTransferOhm(),
                                r.ohmicOhm() / b.ohmicOhm()))
                .orElse(h.baselines().contains(r) ? "a new baseline" : "no comparable baseline");
        audit.accept(("EIS cell %d (%s): R_ohmic %.2f mOhm, R_ct %.2f mOhm, fit error %.2f %%, SoC %.2f, %.1f degC, "
                        + "swept and fitted in %.1f s; %s")
                .formatted(
                        o.cell(),
                        o.trigger(),
                        1e3 * r.ohmicOhm(),
                        1e3 * r.chargeTransferOhm(),
                        100 * error,
                        r.soc(),
                        r.temperatureDegC(),
                        o.durationNanos() / 1e9,
                        compared));
    }

    /**
     * R_ct after the healing against R_ct before it, brought to the same temperature. Only records
     * under comparable conditions (the history's SoC and temperature windows) are judged.
     */
    private void judge(int cell, PendingVerdict v, ImpedanceRecord after) {
        ImpedanceRecord before = v.before();
        if (!(Math.abs(after.soc() - before.soc()) <= ImpedanceHistory.SOC_WINDOW)
                || !(Math.abs(after.temperatureDegC() - before.temperatureDegC())
                        <= ImpedanceHistory.TEMPERATURE_WINDOW_K)) {
            audit.accept(
                    ("healing of cell %d by rule %s not judged by EIS: the sweep after it (SoC %.2f, %.1f degC) is not "
                                    + "comparable with the one before (SoC %.2f, %.1f degC)")
                            .formatted(
                                    cell,
                                    v.ruleId(),
                                    after.soc(),
                                    after.temperatureDegC(),
                                    before.soc(),
                                    before.temperatureDegC()));
            return;
        }
        double ratio =
                ImpedanceGrowthDetector.chargeTransferAt(after, before.temperatureDegC()) / before.chargeTransferOhm();
        double threshold = Math.max(MIN_HEALING_CHANGE, 3 * Math.hypot(after.fitError(), before.fitError()));
        Verification.Outcome outcome = ratio < 1 - threshold
                ? Verification.Outcome.IMPROVED
                : ratio > 1 + threshold ? Verification.Outcome.WORSE : Verification.Outcome.UNCHANGED;
        audit.accept(
                "healing of cell %d by rule %s judged by EIS: R_ct %.2f -> %.2f mOhm (%.2f x, changes under %.0f %% count as none): %s"
                        .formatted(
                                cell,
                                v.ruleId(),
                                1e3 * before.chargeTransferOhm(),
                                1e3 * after.chargeTransferOhm(),
                                ratio,
                                100 * threshold,
                                outcome));
        verdictSink.judged(v.ruleId(), cell, outcome);
    }

    /** Impedance-growth signatures active now. */
    public List<DegradationSignature> signatures() {
        return detector.active();
    }

    /** The cells with an impedance front end. */
    public Set<Integer> cells() {
        return worker.cells();
    }

    /** A cell's history; control thread only. */
    public ImpedanceHistory history(int cell) {
        return histories.get(cell);
    }

    public boolean sweeping(int cell) {
        return worker.sweeping().orElse(-1) == cell;
    }

    /**
     * Stops a running sweep and the sweep thread, and logs what became of the sweep; after it, no
     * sweep starts. Control thread, once the loop has stopped.
     */
    public void stop(String reason) throws InterruptedException {
        worker.stop(reason, 5000);
        for (SweepOutcome o; (o = worker.nextFinished()) != null; ) {
            audit.accept("EIS sweep of cell %d discarded: %s"
                    .formatted(o.cell(), o.abortReason() != null ? o.abortReason() : reason));
        }
    }

    @Override
    public void close() throws InterruptedException {
        worker.close();
    }
}
