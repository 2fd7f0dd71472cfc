package org.healbms.firmware.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.StateTransition;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.SafetySupervisor;
import org.healbms.core.protection.Severity;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.firmware.eis.ImpedanceTracker;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.telemetry.TelemetryFrame;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.HealingController;

/**
 * What the firmware shows the outside, built by the control tick at the end of each tick and then
 * read by any thread: the {@link TelemetrySnapshot} CoAP serves, and the pack's status for the run
 * summary and tests. Both are immutable and replaced whole, so a reader never sees half a tick and
 * never touches the control loop's own objects.
 */
final class TelemetryPublisher {

    /** The pack as of the last tick. */
    record PackStatus(
            PackState state,
            Map<FaultId, Severity> activeFaults,
            CurrentLimits limits,
            List<StateTransition> transitions) {}

    private final BoardIo board;
    private final PackEstimator estimator;
    private final HealingController healing;
    private final ImpedanceTracker impedance;
    private final FirmwareClocks clocks;
    private volatile TelemetrySnapshot snapshot;
    private volatile TelemetryFrame frame;
    /** Wall-clock ns minus monotonic ns at the first frame: the frames' wall times keep their monotonic gaps. */
    private long epochOffsetNanos;

    private boolean anchored;
    private volatile Passport passport;
    private volatile PackStatus status = new PackStatus(PackState.STANDBY, Map.of(), CurrentLimits.NONE, List.of());

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
    }

    /** The latest snapshot; null before the first tick. */
    TelemetrySnapshot snapshot() {
        return snapshot;
    }

    /** The latest frame with its wall-clock time; null before the first tick. */
    TelemetryFrame frame() {
        return frame;
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

    /** Publishes the pack's status (also after the last tick, when the firmware stops). */
    void publish(
            PackState state, SafetySupervisor supervisor, CurrentLimits limits, List<StateTransition> transitions) {
        // A fresh EnumMap from the supervisor, in the diagnosis table's order; nobody may change it.
        status = new PackStatus(state, Collections.unmodifiableMap(supervisor.activeFaults()), limits, transitions);
    }

    /** Publishes the status and the snapshot of a tick's frame. */
    void publish(
            ReadingFrame frame,
            PackState state,
            SafetySupervisor supervisor,
            CurrentLimits limits,
            List<StateTransition> transitions) {
        publish(state, supervisor, limits, transitions);
        if (!anchored) {
            epochOffsetNanos = clocks.epochMillis() * 1_000_000 - frame.monotonicNanos();
            anchored = true;
        }
        // Before the snapshot: a notification is sent when the snapshot's tick changes, and must find this frame.
        // The status's fault map is this tick's own (unmodifiable): its key set is a view, not a copy.
        this.frame = new TelemetryFrame(
                epochOffsetNanos + frame.monotonicNanos(),
                frame,
                status.activeFaults().keySet());
        snapshot = snapshot(frame, status);
    }

    private TelemetrySnapshot snapshot(ReadingFrame frame, PackStatus pack) {
        var channels = board.channels();
        List<TelemetrySnapshot.Cell> cells = new ArrayList<>();
        for (int k = 0; k < channels.cells(); k++) {
            cells.add(new TelemetrySnapshot.Cell(
                    k + 1,
                    BoardIo.ok(frame, channels.cellVoltage()[k]),
                    BoardIo.ok(frame, channels.cellTemperature()[k]),
                    estimator.soc(k),
                    estimator.socSigma(k),
                    estimator.resistanceScale(k),
                    healing.budgetRemaining(k + 1),
                    healing.heating(k + 1),
                    estimator.coreTemperatureDegC(k),
                    estimator.coreTemperatureSigmaK(k)));
        }
        List<TelemetrySnapshot.Signature> signatures = new ArrayList<>();
        for (var s : healing.signatures()) {
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
        List<TelemetrySnapshot.Impedance> impedances = new ArrayList<>();
        for (int cell : impedance.cells()) {
            var h = impedance.history(cell);
            impedances.add(new TelemetrySnapshot.Impedance(
                    cell, h.baselines(), h.recent(), h.recorded(), impedance.sweeping(cell)));
        }
        List<String> faults = pack.activeFaults().keySet().stream()
                .map(f -> f.name().toLowerCase())
                .toList();
        List<TelemetrySnapshot.RuleTally> tallies = healing.efficacy().tallies().stream()
                .map(t ->
                        new TelemetrySnapshot.RuleTally(t.ruleId(), t.improved(), t.unchanged(), t.worse(), t.aborts()))
                .toList();
        return new TelemetrySnapshot(
                frame.tick(),
                clocks.epochMillis(),
                pack.state().name().toLowerCase(),
                pack.limits().chargeA(),
                pack.limits().dischargeA(),
                faults,
                cells,
                signatures,
                readings,
                tallies,
                impedances);
    }
}
