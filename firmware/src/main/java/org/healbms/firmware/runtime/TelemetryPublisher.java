package org.healbms.firmware.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.healbms.core.impedance.ImpedanceHistory;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.StateTransition;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.SafetySupervisor;
import org.healbms.core.protection.Severity;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.firmware.eis.ImpedanceTracker;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.telemetry.TelemetryFrame;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.HealingController;
import org.healbms.healing.thermal.RuleEfficacy;

/**
 * What the firmware shows the outside, written by the control tick at the end of each tick and then
 * read by any thread: the {@link TelemetrySnapshot} CoAP serves, and the pack's status for the run
 * summary and tests. A reader never sees half a tick and never touches the control loop's own
 * objects: the status is immutable and replaced when it changes; the snapshot is built, when a
 * reader asks for it, from the last tick's {@link TickTelemetry}, which the tick writes in place (two
 * of them in turn), so a tick allocates nothing for its telemetry.
 */
final class TelemetryPublisher {

    /**
     * The pack as of the last tick: replaced when it changes, which is seldom. The current limits, which
     * change at nearly every tick, are in the tick's {@link TickTelemetry} instead.
     */
    record PackStatus(PackState state, Map<FaultId, Severity> activeFaults, List<StateTransition> transitions) {}

    private static final FaultId[] FAULTS = FaultId.values();

    private final BoardIo board;
    private final PackEstimator estimator;
    private final HealingController healing;
    private final ImpedanceTracker impedance;
    private final FirmwareClocks clocks;
    /** The two ticks' records, written in turn; {@link #front} is the last one written, null before. */
    private final TickTelemetry[] ticks = new TickTelemetry[2];

    private volatile TickTelemetry front;
    /** The snapshot last built, and the record and sequence number it was built from. */
    private volatile Built built;

    /** The impedance histories as last published, and what they were made from (rebuilt when that changes). */
    private List<TelemetrySnapshot.Impedance> impedances = List.of();

    private final int[] impedanceCells;
    private final long[] impedanceRecorded;
    private final ImpedanceHistory[] impedanceHistories;
    private final boolean[] impedanceSweeping;
    /** Wall-clock ns minus monotonic ns at the first frame: the frames' wall times keep their monotonic gaps. */
    private long epochOffsetNanos;

    private boolean anchored;
    private volatile Passport passport;
    private volatile PackStatus status = new PackStatus(PackState.STANDBY, Map.of(), List.of());

    private record Built(TickTelemetry from, long stamp, TelemetrySnapshot snapshot) {}

    TelemetryPublisher(
            BoardIo board,
            PackEstimator estimator,
            HealingController healing,
            ImpedanceTracker impedance,
            FirmwareClocks clocks) {
        this.board = board;
        this.estimator = estimator;
        this.healing = healing;
        this.impedance = impedance;
        this.clocks = clocks;
        this.impedanceCells =
                impedance.cells().stream().mapToInt(Integer::intValue).toArray();
        this.impedanceRecorded = new long[impedanceCells.length];
        this.impedanceHistories = new ImpedanceHistory[impedanceCells.length];
        this.impedanceSweeping = new boolean[impedanceCells.length];
        for (int k = 0; k < ticks.length; k++) {
            ticks[k] = new TickTelemetry(board.channels().cells());
        }
    }

    /** The latest snapshot; null before the first tick. Any thread: built from the last tick's record. */
    TelemetrySnapshot snapshot() {
        while (true) {
            TickTelemetry t = front;
            if (t == null) {
                return null;
            }
            long stamp = t.stamp();
            Built last = built;
            if (last != null && last.from() == t && last.stamp() == stamp) {
                return last.snapshot();
            }
            TelemetrySnapshot s = (stamp & 1) == 0 ? snapshot(t) : null;
            if (s != null && t.validate(stamp)) {
                built = new Built(t, stamp, s);
                return s;
            }
            // The tick after next is writing this record again: read the newer one.
            Thread.onSpinWait();
        }
    }

    /**
     * The latest frame with its wall-clock time and the faults active at its tick (the status's fault
     * map is that tick's, unmodifiable: its key set is a view, not a copy); null before the first tick.
     */
    TelemetryFrame frame() {
        while (true) {
            TickTelemetry t = front;
            if (t == null) {
                return null;
            }
            long stamp = t.stamp();
            ReadingFrame f = t.frame;
            PackStatus status = t.status;
            if ((stamp & 1) == 0 && f != null && status != null && t.validate(stamp)) {
                return new TelemetryFrame(
                        epochOffsetNanos + f.monotonicNanos(),
                        f,
                        status.activeFaults().keySet());
            }
            Thread.onSpinWait(); // being written again: read the newer one
        }
    }

    /** The passport as of the last save; null before the first. */
    Passport passport() {
        return passport;
    }

    /** Publishes the passport taken at a save: it changes no faster than the state is saved. */
    void publish(Passport saved) {
        passport = saved;
    }

    PackStatus status() {
        return status;
    }

    /** The current limits as of the last tick ({@link CurrentLimits#NONE} before the first). Any thread. */
    CurrentLimits limits() {
        while (true) {
            TickTelemetry t = front;
            if (t == null) {
                return CurrentLimits.NONE;
            }
            long stamp = t.stamp();
            double charge = t.chargeLimitA;
            double discharge = t.dischargeLimitA;
            if (t.validate(stamp)) {
                return new CurrentLimits(charge, discharge);
            }
            Thread.onSpinWait(); // being written again: read the newer one
        }
    }

    /** Publishes the pack's status (also after the last tick, when the firmware stops). */
    void publish(PackState state, SafetySupervisor supervisor, List<StateTransition> transitions) {
        PackStatus last = status;
        boolean sameFaults = sameFaults(last.activeFaults(), supervisor);
        if (last.state() == state && last.transitions() == transitions && sameFaults) {
            return;
        }
        // A fresh EnumMap from the supervisor, in the diagnosis table's order, when they changed; nobody may
        // change it. The faults change seldom.
        Map<FaultId, Severity> faults =
                sameFaults ? last.activeFaults() : Collections.unmodifiableMap(supervisor.activeFaults());
        status = new PackStatus(state, faults, transitions);
    }

    private static boolean sameFaults(Map<FaultId, Severity> published, SafetySupervisor supervisor) {
        for (FaultId id : FAULTS) {
            if (supervisor.active(id) != published.containsKey(id)) {
                return false;
            }
        }
        return true;
    }

    /** Publishes the status and the snapshot of a tick's frame, with the tick's current limits (A). */
    void publish(
            ReadingFrame frame,
            PackState state,
            SafetySupervisor supervisor,
            double chargeLimitA,
            double dischargeLimitA,
            List<StateTransition> transitions) {
        publish(state, supervisor, transitions);
        if (!anchored) {
            epochOffsetNanos = clocks.epochMillis() * 1_000_000 - frame.monotonicNanos();
            anchored = true;
        }
        // The frame goes with the snapshot: a notification is sent when the snapshot's tick changes, and must
        // find this frame.
        TickTelemetry t = ticks[front == ticks[0] ? 1 : 0];
        t.beginWrite();
        write(t, frame);
        t.chargeLimitA = chargeLimitA;
        t.dischargeLimitA = dischargeLimitA;
        t.endWrite();
        front = t;
    }

    private void write(TickTelemetry t, ReadingFrame frame) {
        var channels = board.channels();
        t.tick = frame.tick();
        t.epochMillis = clocks.epochMillis();
        t.status = status;
        t.frame = frame;
        t.signatures = healing.signatures();
        t.tallies = healing.efficacy().tallies();
        t.impedance = impedances();
        for (int k = 0; k < t.soc.length; k++) {
            t.voltageV[k] = BoardIo.ok(frame, channels.cellVoltage()[k]);
            t.temperatureDegC[k] = BoardIo.ok(frame, channels.cellTemperature()[k]);
            t.soc[k] = estimator.soc(k);
            t.socSigma[k] = estimator.socSigma(k);
            t.sohResistance[k] = estimator.resistanceScale(k);
            t.healingBudget[k] = healing.budgetRemaining(k + 1);
            t.heating[k] = healing.heating(k + 1);
            t.coreTemperatureDegC[k] = estimator.coreTemperatureDegC(k);
            t.coreTemperatureSigmaK[k] = estimator.coreTemperatureSigmaK(k);
        }
    }

    /** The impedance histories: made again only when one has a new record or a sweep started or ended. */
    private List<TelemetrySnapshot.Impedance> impedances() {
        boolean changed = impedances.size() != impedanceCells.length;
        for (int k = 0; k < impedanceCells.length; k++) {
            ImpedanceHistory h = impedance.history(impedanceCells[k]);
            boolean sweeping = impedance.sweeping(impedanceCells[k]);
            if (h != impedanceHistories[k]
                    || h.recorded() != impedanceRecorded[k]
                    || sweeping != impedanceSweeping[k]) {
                changed = true;
            }
        }
        if (!changed) {
            return impedances;
        }
        List<TelemetrySnapshot.Impedance> out = new ArrayList<>();
        for (int k = 0; k < impedanceCells.length; k++) {
            int cell = impedanceCells[k];
            ImpedanceHistory h = impedance.history(cell);
            boolean sweeping = impedance.sweeping(cell);
            out.add(new TelemetrySnapshot.Impedance(cell, h.baselines(), h.recent(), h.recorded(), sweeping));
            impedanceHistories[k] = h;
            impedanceRecorded[k] = h.recorded();
            impedanceSweeping[k] = sweeping;
        }
        impedances = List.copyOf(out);
        return impedances;
    }

    /** The snapshot of a tick's record: read while the tick after next may write it, so checked after. */
    private static TelemetrySnapshot snapshot(TickTelemetry t) {
        List<TelemetrySnapshot.Cell> cells = new ArrayList<>();
        for (int k = 0; k < t.soc.length; k++) {
            cells.add(new TelemetrySnapshot.Cell(
                    k + 1,
                    t.voltageV[k],
                    t.temperatureDegC[k],
                    t.soc[k],
                    t.socSigma[k],
                    t.sohResistance[k],
                    t.healingBudget[k],
                    t.heating[k],
                    t.coreTemperatureDegC[k],
                    t.coreTemperatureSigmaK[k]));
        }
        ReadingFrame frame = t.frame;
        PackStatus pack = t.status;
        List<DegradationSignature> found = t.signatures;
        List<RuleEfficacy.Tally> tallied = t.tallies;
        List<TelemetrySnapshot.Impedance> impedances = t.impedance;
        if (frame == null || pack == null || found == null || tallied == null || impedances == null) {
            return null; // overwritten while read: read again
        }
        List<TelemetrySnapshot.Signature> signatures = new ArrayList<>();
        for (var s : found) {
            signatures.add(new TelemetrySnapshot.Signature(
                    s.kind().ruleName(), s.cell(), s.severity(), s.confidence(), s.evidence()));
        }
        List<TelemetrySnapshot.Reading> readings = new ArrayList<>();
        for (int i = 0; i < frame.layout().size(); i++) {
            var ch = frame.layout().get(i);
            readings.add(new TelemetrySnapshot.Reading(
                    ch.name(),
                    ch.kind().unit(),
                    frame.value(i),
                    frame.quality(i).name().toLowerCase()));
        }
        List<String> faults = pack.activeFaults().keySet().stream()
                .map(f -> f.name().toLowerCase())
                .toList();
        List<TelemetrySnapshot.RuleTally> tallies = tallied.stream()
                .map(r ->
                        new TelemetrySnapshot.RuleTally(r.ruleId(), r.improved(), r.unchanged(), r.worse(), r.aborts()))
                .toList();
        return new TelemetrySnapshot(
                t.tick,
                t.epochMillis,
                pack.state().name().toLowerCase(),
                t.chargeLimitA,
                t.dischargeLimitA,
                faults,
                cells,
                signatures,
                readings,
                tallies,
                impedances);
    }
}
