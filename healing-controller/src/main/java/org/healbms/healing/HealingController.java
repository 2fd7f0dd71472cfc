package org.healbms.healing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.core.signature.FoundSignatures;
import org.healbms.core.signature.SignatureDetector;
import org.healbms.core.signature.SignatureKind;
import org.healbms.healing.rules.Firing;
import org.healbms.healing.rules.HealingAction;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.healing.rules.SignalSlots;
import org.healbms.healing.rules.SignalTable;
import org.healbms.healing.thermal.Heater;
import org.healbms.healing.thermal.HeatingLimits;
import org.healbms.healing.thermal.InterlockInputs;
import org.healbms.healing.thermal.Interlocks;
import org.healbms.healing.thermal.PiTemperatureController;
import org.healbms.healing.thermal.RuleEfficacy;
import org.healbms.healing.thermal.ThermalActivationRun;
import org.healbms.healing.thermal.Verification;

/**
 * Decide and heal, once per tick: the detectors turn observations into signatures, the rules turn
 * signatures into firings (evaluated once a second), and the firings become actions: a thermal
 * activation run per heated cell (inside its interlocks), a derating of the current limits, a rest
 * (no current, then the rule's condition checked again), a pulse train through the charge-current limit
 * ({@link #chargeCapA}), an alert. Every firing, step, abort and verification goes to the audit sink. A
 * cell's healing budget (doses of agent) is spent by the actions that use it.
 */
public final class HealingController {

    private static final long RULE_PERIOD_NANOS = 1_000_000_000L;
    private static final long NEVER = Long.MIN_VALUE;
    /** Every kind, once: {@code values()} copies its array at every call. */
    private static final SignatureKind[] KINDS = SignatureKind.values();

    /** AUTO acts on firings; ADVISORY only reports them; OFF evaluates no rules and heats nothing. */
    public enum Mode {
        AUTO,
        ADVISORY,
        OFF
    }

    private volatile Mode mode = Mode.AUTO;

    private final RuleEngine engine;
    private final List<SignatureDetector> detectors;
    private final double ratedCapacityAh;
    private final HeatingLimits limits;
    private final IntFunction<Heater> heaters;
    private final Consumer<String> audit;
    private final double budgetDoses;
    /** Doses used per cell number; a cell has an entry once an action has been carried out on it. */
    private final Map<Integer, Double> dosesUsed = new HashMap<>();
    /** The same by cell number (0 without an entry), read by every evaluation without boxing a key. */
    private final CellTally dosesByCell = new CellTally();
    /** While true no cell has any budget left, whatever it has used: see {@link #withholdBudget}. */
    private volatile boolean budgetWithheld;

    /** When each cell (by number) was last healed, {@link #NEVER} if never: grown as cells appear. */
    private long[] lastHealed = new long[0];

    /** Each cell's throughput since its last thermal activation, counted in every mode. */
    private final CyclesSinceActivation cycles;

    private final Map<Integer, ActiveRun> runs = new HashMap<>();
    /** Per cell number: smoothed rates of change of the signals a rule may ask for, and what they were last. */
    private SignalRates[] rates = new SignalRates[0];
    /** What the rules see of every cell, rewritten in place at every evaluation. */
    private final SignalTable table = new SignalTable();
    /** The signatures found this tick (kept, so a tick builds no list) and the rules' firings. */
    private final FoundSignatures found = new FoundSignatures();

    private final List<Firing> firings = new ArrayList<>();

    private final RuleEfficacy efficacy = new RuleEfficacy();
    private List<DegradationSignature> signatures = List.of();
    private long lastRulesNanos = Long.MIN_VALUE;
    private long derateUntilNanos = Long.MIN_VALUE;
    private double derateCharge = 1;
    private double derateDischarge = 1;

    private record ActiveRun(String ruleId, ThermalActivationRun run, double resistanceBefore, double sigmaBefore) {}

    /**
     * A thermal activation done and waiting for its verdict: the cell's recent resistance health before
     * it, and how long the cell has since been driven (discharged above {@link #VERIFY_MIN_C} C).
     */
    private static final class PendingVerdict {
        final String ruleId;
        final double before;
        final double sigmaBefore;
        final long doneNanos;
        double drivenS;
        long lastNanos;
        /** Whether the cell was being driven at the last tick: that held until this one. */
        boolean driving;
        /** When the cell was last seen driven. */
        long lastDrivenNanos;

        PendingVerdict(String ruleId, double before, double sigmaBefore, long doneNanos) {
            this.ruleId = ruleId;
            this.before = before;
            this.sigmaBefore = sigmaBefore;
            this.doneNanos = doneNanos;
            this.lastNanos = doneNanos;
        }
    }

    /**
     * A dose is judged after the cell has been driven this long since it: the recent resistance health
     * forgets with a five-minute memory of driving, so after twenty minutes of it what was before the
     * dose weighs e^-4 and the comparison is of like with like (the drive before the dose against the
     * drive after it, both against the new cell at the temperature measured). At rest the resistance is
     * not measured at all, so a verdict taken as the cell cools would compare the estimate with itself
     * (before, every dose was judged unchanged that way).
     */
    static final double VERIFY_DRIVEN_S = 1200.0;
    /**
     * ... and once that drive has ended (no driving for this long: longer than a stop in traffic), so that
     * the health after is that of the end of a drive, as the health before is (a dose follows a drive).
     * Judged at 20 min into the drive instead, against the end of the drive before, a dose that changed
     * nothing read 0.6 % worse on every cell of the ageing plant (the response's model error differs
     * between a cell 20 min into a drive and one at its end, warmer and emptier), so that over a life
     * with doses on damaged cells 23 of 40 verdicts were "worse" where the plant healed too little to see.
     */
    static final double VERIFY_DRIVE_END_S = 300.0;
    /**
     * A change of the recent resistance health under this (of the new cell's resistance) is none: the 1σ
     * is the scatter within each drive, and two drives a day apart also differ by what the dose did not
     * do (their temperatures, SoC, the model's error there). DoseTruth in the lifetime bench scores the
     * plant's truth against the same figure.
     */
    public static final double VERIFY_LEAST_CHANGE = 0.005;
    /** Discharge above this C-rate counts as driving for {@link #VERIFY_DRIVEN_S}. */
    static final double VERIFY_MIN_C = 0.1;
    /** A dose not judged within this long (a pack parked for weeks) is recorded as unchanged: no evidence. */
    static final long VERIFY_GIVE_UP_NANOS = 14L * 86_400L * 1_000_000_000L;

    /** Doses waiting for their verdict, by cell (an array, as the other per-cell state: no boxing per tick). */
    private PendingVerdict[] verdicts = new PendingVerdict[0];

    private int pendingVerdicts;

    /** A rest under way for a cell, and the rule whose condition is checked when it ends. */
    private record PendingRest(String ruleId, long endsAtNanos) {}

    private final Map<Integer, PendingRest> rests = new HashMap<>();
    /** The pulse train under way (one at a time: the pack has one charger), or null. */
    private PulseTrain pulses;
    /** Told of every thermal activation that has run to its end: cell and rule (for a later verdict, e.g. by EIS). */
    private volatile ObjIntConsumer<String> activationDone = (ruleId, cell) -> {};

    private volatile ActionRecord record = ActionRecord.NONE;

    /**
     * @param ratedCapacityAh the cell's rated capacity (the cell file's), against which the estimator's
     *                        capacity is the rules' {@code soh_capacity}
     * @param heaters         a cell's heater, or null for a cell without one
     */
    public HealingController(
            RuleEngine engine,
            List<SignatureDetector> detectors,
            double ratedCapacityAh,
            HeatingLimits limits,
            IntFunction<Heater> heaters,
            double budgetDoses,
            Consumer<String> audit) {
        this.engine = engine;
        this.detectors = List.copyOf(detectors);
        if (!(ratedCapacityAh > 0)) {
            throw new IllegalArgumentException("a rated capacity must be > 0 Ah, got " + ratedCapacityAh);
        }
        this.ratedCapacityAh = ratedCapacityAh;
        this.cycles = new CyclesSinceActivation(ratedCapacityAh);
        this.limits = limits;
        this.heaters = heaters;
        this.budgetDoses = budgetDoses;
        this.audit = audit;
    }

    public void tick(HealingInputs in) {
        long now = in.nowNanos();
        cycles.update(in.cells(), now);
        found.clear();
        found.addAll(in.otherSignatures());
        for (int d = 0; d < detectors.size(); d++) {
            found.addAll(detectors.get(d).update(in.cells(), now));
        }
        for (int k = 0; k < found.size(); k++) {
            DegradationSignature s = found.get(k);
            if (!wasActive(s)) {
                audit.accept("signature %s on cell %d: severity %.2f, %s"
                        .formatted(s.kind().ruleName(), s.cell(), s.severity(), s.evidence()));
            }
        }
        if (!sameAsBefore(found)) {
            // Copied only when they change: readers keep the list they were given.
            signatures = List.copyOf(found);
        }
        Mode current = mode;
        if (pulses != null && pulses.over(now)) {
            audit.accept("pulse protocol for cell %d done".formatted(pulses.cell()));
            pulses = null;
        }
        if (current == Mode.OFF && (!runs.isEmpty() || pulses != null)) {
            stopAll("healing switched off");
        }
        stepRuns(in);
        if (current != Mode.OFF && (lastRulesNanos == Long.MIN_VALUE || now - lastRulesNanos >= RULE_PERIOD_NANOS)) {
            lastRulesNanos = now;
            SignalTable cellSignals = signals(in);
            verifyRests(cellSignals, now);
            engine.evaluate(cellSignals, now, firings);
            for (int k = 0; k < firings.size(); k++) {
                Firing f = firings.get(k);
                act(
                        current == Mode.ADVISORY
                                ? new Firing(
                                        f.ruleId(), f.cell(), f.action(), true, f.priority(), f.atNanos(), f.dose())
                                : f,
                        in);
            }
        }
    }

    private boolean wasActive(DegradationSignature s) {
        for (int k = 0; k < signatures.size(); k++) {
            DegradationSignature o = signatures.get(k);
            if (o.kind() == s.kind() && o.cell() == s.cell()) {
                return true;
            }
        }
        return false;
    }

    private boolean sameAsBefore(List<DegradationSignature> now) {
        if (now.size() != signatures.size()) {
            return false;
        }
        for (int k = 0; k < now.size(); k++) {
            if (!now.get(k).equals(signatures.get(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the rules see of each cell now, written into the controller's table (package-private: a
     * test checks every declared signal is supplied). Each signature's severity is 0 where not active.
     */
    SignalTable signals(HealingInputs in) {
        table.clear();
        long now = in.nowNanos();
        List<CellObservation> cells = in.cells();
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            int row = table.add(c.cell());
            long healed = lastHealed(c.cell());
            table.set(row, SignalSlots.SOC, c.soc());
            table.set(row, SignalSlots.TEMPERATURE, c.temperatureDegC());
            table.set(row, SignalSlots.CORE_TEMPERATURE, c.coreTemperatureDegC());
            table.set(row, SignalSlots.CURRENT, c.currentA());
            table.set(row, SignalSlots.SOH_CAPACITY, c.capacityAh() / ratedCapacityAh);
            // Against the new cell at the same SoC and temperature, from the voltage response: the R0
            // tracker's scale also takes up what the model misses on a long charge.
            table.set(row, SignalSlots.SOH_RESISTANCE, c.sohResistance());
            table.set(
                    row,
                    SignalSlots.TIME_SINCE_HEALING,
                    healed == NEVER ? Double.POSITIVE_INFINITY : (now - healed) / 1e9);
            table.set(row, SignalSlots.BUDGET_REMAINING, budgetRemaining(c.cell()));
            table.set(row, SignalSlots.CYCLES_SINCE_ACTIVATION, cycles.of(c.cell()));
            for (SignatureKind kind : KINDS) {
                table.set(row, SignalSlots.signature(kind), 0.0);
            }
            rates(c.cell()).update(c, now, table, row);
        }
        for (int k = 0; k < signatures.size(); k++) {
            DegradationSignature s = signatures.get(k);
            int row = table.rowOf(s.cell());
            if (row >= 0) {
                int slot = SignalSlots.signature(s.kind());
                table.set(row, slot, Math.max(table.get(row, slot), s.severity()));
            }
        }
        return table;
    }

    private long lastHealed(int cell) {
        return cell < lastHealed.length ? lastHealed[cell] : NEVER;
    }

    private void healed(int cell, long nowNanos) {
        if (cell >= lastHealed.length) {
            int from = lastHealed.length;
            lastHealed = Arrays.copyOf(lastHealed, cell + 1);
            Arrays.fill(lastHealed, from, lastHealed.length, NEVER);
        }
        lastHealed[cell] = nowNanos;
    }

    private SignalRates rates(int cell) {
        if (cell >= rates.length) {
            rates = Arrays.copyOf(rates, Math.max(cell + 1, 2 * rates.length));
        }
        if (rates[cell] == null) {
            rates[cell] = new SignalRates();
        }
        return rates[cell];
    }

    /** Doses used per cell, to persist. */
    public Map<Integer, Double> dosesUsed() {
        return Map.copyOf(dosesUsed);
    }

    /** Restores the doses used (the healing agent spent survives a restart). */
    public void restoreDosesUsed(Map<Integer, Double> used) {
        dosesUsed.clear();
        dosesByCell.clear();
        used.forEach(this::recordDoses);
    }

    /** Adds doses to a cell's count (an entry even for 0, as a carried-out action that spends none). */
    private void recordDoses(int cell, double doses) {
        double total = dosesUsed.merge(cell, doses, Double::sum);
        dosesByCell.set(cell, total);
    }

    public double budgetRemaining(int cell) {
        if (budgetWithheld) {
            return 0;
        }
        double used;
        if (cell < 0) {
            used = dosesUsed.getOrDefault(cell, 0.0);
        } else {
            used = dosesByCell.of(cell);
        }
        return Math.max(0, 1 - used / budgetDoses);
    }

    /**
     * Withholds every cell's budget (none left, so no rule that spends agent fires) or releases it.
     * For when the count of doses spent is not known, e.g. after the saved state was lost: a dose
     * given twice cannot be taken back.
     */
    public void withholdBudget(boolean withheld) {
        budgetWithheld = withheld;
    }

    public boolean budgetWithheld() {
        return budgetWithheld;
    }

    private void act(Firing f, HealingInputs in) {
        String what = "rule %s fired on cell %d (dose %d): %s".formatted(f.ruleId(), f.cell(), f.dose(), f.action());
        if (f.advisory()) {
            audit.accept("advisory: " + what);
            return;
        }
        audit.accept(what);
        boolean carriedOut = true;
        switch (f.action()) {
            case HealingAction.ThermalActivation t -> carriedOut = startHeating(f, t, in);
            case HealingAction.Derate d ->
                derate(f.atNanos(), d.chargeFraction(), d.dischargeFraction(), d.durationS());
            case HealingAction.Rest r -> carriedOut = startRest(f, r);
            case HealingAction.PulseProtocol p -> carriedOut = startPulses(f, p, in);
            case HealingAction.Alert a -> audit.accept("ALERT cell %d: %s".formatted(f.cell(), a.message()));
        }
        boolean judged =
                f.action() instanceof HealingAction.ThermalActivation || f.action() instanceof HealingAction.Rest;
        record.acted(f.cell(), f.ruleId(), f.action().type(), carriedOut, judged);
        if (carriedOut) {
            // Agent is spent by what is carried out, not by what was asked.
            recordDoses(f.cell(), f.action().doses());
        }
    }

    private void derate(long atNanos, double chargeFraction, double dischargeFraction, double durationS) {
        boolean running = atNanos < derateUntilNanos;
        // Overlapping derates: the tightest limits hold until the last one ends.
        derateCharge = running ? Math.min(derateCharge, chargeFraction) : chargeFraction;
        derateDischarge = running ? Math.min(derateDischarge, dischargeFraction) : dischargeFraction;
        derateUntilNanos = Math.max(derateUntilNanos, atNanos + (long) (durationS * 1e9));
    }

    /** The train's amplitude is in C of the cell's estimated capacity, which must therefore be known. */
    private boolean startPulses(Firing f, HealingAction.PulseProtocol p, HealingInputs in) {
        if (pulses != null) {
            audit.accept(
                    "a pulse protocol for cell %d is under way; rule %s waits".formatted(pulses.cell(), f.ruleId()));
            return false;
        }
        double capacityAh = in.cells().stream()
                .filter(c -> c.cell() == f.cell())
                .mapToDouble(CellObservation::capacityAh)
                .findFirst()
                .orElse(Double.NaN);
        if (!(capacityAh > 0)) {
            audit.accept("pulse protocol for cell %d not started: its capacity is not known, so %.2f C is no current"
                    .formatted(f.cell(), p.amplitudeC()));
            return false;
        }
        pulses = new PulseTrain(f.cell(), f.atNanos(), p.pulses(), p.amplitudeC() * capacityAh, p.widthS(), p.restS());
        audit.accept(("pulse protocol for cell %d started through the charge limit: %d pulses of %.2f A for %.2f s,"
                        + " %.2f s without charge after each")
                .formatted(f.cell(), p.pulses(), pulses.amplitudeA(), p.widthS(), p.restS()));
        return true;
    }

    private boolean startRest(Firing f, HealingAction.Rest r) {
        if (rests.containsKey(f.cell())) {
            audit.accept("cell %d is already resting; rule %s waits".formatted(f.cell(), f.ruleId()));
            return false;
        }
        derate(f.atNanos(), 0, 0, r.durationS());
        rests.put(f.cell(), new PendingRest(f.ruleId(), f.atNanos() + (long) (r.durationS() * 1e9)));
        audit.accept("rest for cell %d started: no current in the pack for %.0f s".formatted(f.cell(), r.durationS()));
        return true;
    }

    /**
     * A rest that has ended is judged by the rule that asked for it: if its condition no longer
     * holds, the rest improved the cell; if it still does, it did not. A rule replaced meanwhile
     * cannot judge it.
     */
    private void verifyRests(SignalTable cellSignals, long now) {
        if (rests.isEmpty()) {
            return; // asked at every evaluation: no iterator made for the empty map
        }
        for (var it = rests.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now < e.getValue().endsAtNanos()) {
                continue;
            }
            it.remove();
            int cell = e.getKey();
            String ruleId = e.getValue().ruleId();
            var rule = engine.rules().rules().stream()
                    .filter(r -> r.id().equals(ruleId))
                    .findFirst();
            int row = cellSignals.rowOf(cell);
            if (rule.isEmpty() || row < 0) {
                audit.accept("rest for cell %d done; rule %s is no longer loaded, so it is not judged"
                        .formatted(cell, ruleId));
                continue;
            }
            boolean still = rule.get().when().test(cellSignals, row);
            Verification.Outcome outcome = still ? Verification.Outcome.UNCHANGED : Verification.Outcome.IMPROVED;
            efficacy.record(ruleId, outcome);
            record.judged(cell, ruleId, outcome.name().toLowerCase());
            healed(cell, now);
            audit.accept("rest for cell %d done; the condition of rule %s %s: %s"
                    .formatted(cell, ruleId, still ? "still holds" : "no longer holds", outcome));
        }
    }

    private boolean startHeating(Firing f, HealingAction.ThermalActivation t, HealingInputs in) {
        int cell = f.cell();
        if (runs.containsKey(cell)) {
            audit.accept("cell %d is already being heated; rule %s waits".formatted(cell, f.ruleId()));
            return false;
        }
        Heater heater = heaters.apply(cell);
        if (heater == null) {
            audit.accept(
                    "cell %d has no heater; thermal activation by rule %s not possible".formatted(cell, f.ruleId()));
            return false;
        }
        int k = cell - 1;
        CellObservation o = in.cells().get(k);
        ThermalActivationRun run = new ThermalActivationRun(
                t,
                new Interlocks(limits),
                new PiTemperatureController(0.08, 0.0008),
                heater,
                in.nowNanos(),
                in.temperatures().get(k).hotterReadingDegC());
        // A dose still waiting for its verdict is judged now, before this one changes the cell again.
        judgePending(cell, o, in.nowNanos(), true);
        runs.put(
                cell,
                new ActiveRun(
                        f.ruleId(),
                        run,
                        o.resistanceHealth().recent(),
                        o.resistanceHealth().recentSigma()));
        audit.accept("thermal activation of cell %d started: target %.1f degC, hold %.0f s"
                .formatted(cell, run.targetDegC(), t.holdS()));
        return true;
    }

    private void stepRuns(HealingInputs in) {
        // Nothing runs (no iterator is made) at a tick with no dose running or waiting for its verdict.
        if (!runs.isEmpty()) {
            stepActiveRuns(in);
        }
        if (pendingVerdicts > 0) {
            List<CellObservation> cells = in.cells();
            for (int k = 0; k < cells.size(); k++) {
                judgePending(cells.get(k).cell(), cells.get(k), in.nowNanos(), false);
            }
        }
    }

    private void stepActiveRuns(HealingInputs in) {
        for (var it = runs.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            int k = e.getKey() - 1;
            ActiveRun a = e.getValue();
            CellObservation o = in.cells().get(k);
            ThermalActivationRun.Phase before = a.run().phase();
            ThermalActivationRun.Phase phase = a.run()
                    .step(new InterlockInputs(
                            in.nowNanos(), in.temperatures().get(k), o.currentA(), o.soc(), in.protectionFault()));
            if (phase != before) {
                audit.accept("thermal activation of cell %d: %s -> %s".formatted(e.getKey(), before, phase));
            }
            if (phase == ThermalActivationRun.Phase.ABORTED) {
                audit.accept("thermal activation of cell %d aborted: %s"
                        .formatted(e.getKey(), a.run().abortReason()));
                efficacy.recordAbort(a.ruleId());
                record.judged(e.getKey(), a.ruleId(), "aborted");
                it.remove();
            } else if (phase == ThermalActivationRun.Phase.DONE) {
                healed(e.getKey(), in.nowNanos());
                cycles.activated(e.getKey());
                awaitVerdict(
                        e.getKey(),
                        new PendingVerdict(a.ruleId(), a.resistanceBefore(), a.sigmaBefore(), in.nowNanos()));
                audit.accept(("thermal activation of cell %d done; resistance %.3f of the new cell's before it,"
                                + " judged at the end of the next drive of %.0f min or more")
                        .formatted(e.getKey(), a.resistanceBefore(), VERIFY_DRIVEN_S / 60));
                it.remove();
                activationDone.accept(a.ruleId(), e.getKey());
            }
        }
    }

    private void awaitVerdict(int cell, PendingVerdict verdict) {
        if (cell >= verdicts.length) {
            verdicts = Arrays.copyOf(verdicts, cell + 1);
        }
        if (verdicts[cell] == null) {
            pendingVerdicts++;
        }
        verdicts[cell] = verdict;
    }

    /**
     * Counts the driving since a cell's dose and judges it once there has been enough and that drive is
     * over (or at once when {@code now} is set: another dose is starting), by the recent resistance health
     * before and after (a 2σ test, and no less than {@link #VERIFY_LEAST_CHANGE}). Without a health on
     * either side the dose is judged unchanged: nothing showed a change.
     */
    private void judgePending(int cell, CellObservation o, long nowNanos, boolean now) {
        PendingVerdict p = cell < verdicts.length ? verdicts[cell] : null;
        if (p == null) {
            return;
        }
        double dt = Math.max(0, (nowNanos - p.lastNanos) / 1e9);
        p.lastNanos = nowNanos;
        if (p.driving) {
            p.drivenS += dt;
        }
        p.driving = -o.currentA() > VERIFY_MIN_C * ratedCapacityAh;
        if (p.driving) {
            p.lastDrivenNanos = nowNanos;
        }
        boolean timedOut = nowNanos - p.doneNanos > VERIFY_GIVE_UP_NANOS;
        boolean driveOver = p.drivenS >= VERIFY_DRIVEN_S && (nowNanos - p.lastDrivenNanos) / 1e9 >= VERIFY_DRIVE_END_S;
        if (!now && !timedOut && !driveOver) {
            return;
        }
        verdicts[cell] = null;
        pendingVerdicts--;
        ResistanceHealth after = o.resistanceHealth();
        Verification.Outcome outcome = Verification.score(
                p.before, p.sigmaBefore, after.recent(), after.recentSigma(), true, VERIFY_LEAST_CHANGE);
        efficacy.record(p.ruleId, outcome);
        record.judged(cell, p.ruleId, outcome.name().toLowerCase());
        audit.accept(("thermal activation of cell %d judged after %.0f min of driving: resistance %.3f +- %.3f"
                        + " -> %.3f +- %.3f of the new cell's: %s")
                .formatted(
                        cell, p.drivenS / 60, p.before, p.sigmaBefore, after.recent(), after.recentSigma(), outcome));
    }

    /** Who to tell when a thermal activation has run to its end (rule id, cell). */
    public void onActivationDone(ObjIntConsumer<String> listener) {
        this.activationDone = listener;
    }

    /** Who keeps the record of every action and its verdict (the life story). */
    public void onAction(ActionRecord record) {
        this.record = record;
    }

    /** The record told of every action now, so another can be added beside it ({@link ActionRecord#both}). */
    public ActionRecord actionRecord() {
        return record;
    }

    /**
     * Charge-limit fraction the rules ask for now (1 = no derating); 0 while a cell is being heated or
     * held hot: the interlocks end a dose that a charge current reaches, so the charger waits for the
     * dose instead of spoiling it (an evening charge that starts during a morning's dose).
     */
    public double chargeDerate(long nowNanos) {
        // Asked every tick: without a run under way, no iterator is made for the empty map.
        if (!runs.isEmpty()) {
            for (ActiveRun a : runs.values()) {
                ThermalActivationRun.Phase p = a.run().phase();
                if (p == ThermalActivationRun.Phase.HEATING || p == ThermalActivationRun.Phase.HOLDING) {
                    return 0.0;
                }
            }
        }
        return nowNanos < derateUntilNanos ? derateCharge : 1.0;
    }

    /**
     * The charge current a pulse protocol allows now, A: its amplitude during a pulse, 0 between pulses,
     * infinite when no train is under way. The pack's charge limit is the least of this and the derated
     * state of power, so a pulse never exceeds what the cells may take.
     */
    public double chargeCapA(long nowNanos) {
        return pulses == null ? Double.POSITIVE_INFINITY : pulses.chargeCapA(nowNanos);
    }

    public double dischargeDerate(long nowNanos) {
        return nowNanos < derateUntilNanos ? derateDischarge : 1.0;
    }

    public List<DegradationSignature> signatures() {
        return signatures;
    }

    public Mode mode() {
        return mode;
    }

    /** Takes effect on the next tick (OFF stops any heating there). */
    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public RuleEngine engine() {
        return engine;
    }

    public RuleEfficacy efficacy() {
        return efficacy;
    }

    public boolean heating(int cell) {
        // Asked for every cell at every tick: no key boxed while nothing is heated.
        return !runs.isEmpty() && runs.containsKey(cell);
    }

    /** Stops every heating run now (shutdown, protection): heaters off, each abort logged. */
    public void stopAll(String reason) {
        if (pulses != null) {
            audit.accept("pulse protocol for cell %d stopped: %s".formatted(pulses.cell(), reason));
        }
        pulses = null;
        for (var e : runs.entrySet()) {
            e.getValue().run().abort(reason);
            audit.accept("thermal activation of cell %d aborted: %s".formatted(e.getKey(), reason));
            record.judged(e.getKey(), e.getValue().ruleId(), "aborted");
            efficacy.recordAbort(e.getValue().ruleId());
        }
        runs.clear();
    }
}
