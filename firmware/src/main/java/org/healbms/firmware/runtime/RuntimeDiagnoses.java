package org.healbms.firmware.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.healbms.core.pack.Contactor;
import org.healbms.core.pack.ContactorFeedbackCheck;
import org.healbms.core.pack.ContactorReading;
import org.healbms.core.protection.FaultId;
import org.healbms.drivers.acquisition.AcquisitionLoop;
import org.healbms.drivers.acquisition.DeadlineWindow;
import org.healbms.firmware.persist.AuditLog;

/**
 * The conditions of the firmware's own diagnoses on one tick (see docs/protection.md): the loop's
 * deadline misses over a window, a state directory that takes no writes, contactor feedback against
 * command, and a control tick that failed. The diagnosis table debounces them and the state machine
 * reacts, as for any measured fault.
 */
final class RuntimeDiagnoses {

    /** LOOP_OVERRUN: over 10 % of the ticks of the last 10 s late by more than a period. */
    static final Duration OVERRUN_WINDOW = Duration.ofSeconds(10);

    static final double OVERRUN_FRACTION = 0.10;

    private final AcquisitionLoop loop;
    private final DeadlineWindow deadlines;
    private final AuditLog audit;
    private final StateSaves saves;
    private final ContactorFeedbackInputs feedback;
    private final ContactorFeedbackCheck contactors;
    private final BooleanSupplier tickFailed;
    private final PrintWriter log;
    private final AtomicBoolean telemetryFailed = new AtomicBoolean();
    private boolean auditFailing;
    /** The contactors' feedback as this tick read it: the state machine precharges only onto open ones. */
    private Map<Contactor, ContactorReading> lastFeedback = Map.of();

    private final Set<FaultId> found = EnumSet.noneOf(FaultId.class);

    RuntimeDiagnoses(
            AcquisitionLoop loop,
            Duration tickPeriod,
            AuditLog audit,
            StateSaves saves,
            ContactorFeedbackInputs feedback,
            ContactorFeedbackCheck contactors,
            BooleanSupplier tickFailed,
            PrintWriter log) {
        this.loop = loop;
        this.deadlines = DeadlineWindow.of(OVERRUN_WINDOW, tickPeriod, OVERRUN_FRACTION);
        this.audit = audit;
        this.saves = saves;
        this.feedback = feedback;
        this.contactors = contactors;
        this.tickFailed = tickFailed;
        this.log = log;
    }

    /**
     * The conditions that hold now, in a set the caller may add its own to until the next call: the
     * same set every tick, emptied first, so a tick makes none.
     */
    Set<FaultId> conditions(long nowNanos) {
        found.clear();
        if (deadlines.overrun(loop.deadlineMisses(), nowNanos)) {
            found.add(FaultId.LOOP_OVERRUN);
        }
        if (auditUnwritable() || saves.failing()) {
            found.add(FaultId.STORAGE_UNWRITABLE);
        }
        lastFeedback = feedback.read();
        contactors.disagreements(lastFeedback, nowNanos, found);
        if (tickFailed.getAsBoolean()) {
            found.add(FaultId.LISTENER_FAILED);
        }
        if (telemetryFailed.getAndSet(false)) {
            found.add(FaultId.TELEMETRY_FAILED);
        }
        return found;
    }

    /** Whether every wired contactor read open on this tick (true with none wired). */
    boolean contactorsReadOpen() {
        // By lookups, not by iterating: the tick asks this every time.
        return !lastFeedback.containsValue(ContactorReading.CLOSED)
                && !lastFeedback.containsValue(ContactorReading.UNREADABLE);
    }

    /** A telemetry listener threw (on its own thread): logged, and TELEMETRY_FAILED's condition on the next tick. */
    void telemetryFailed(RuntimeException e) {
        telemetryFailed.set(true);
        synchronized (log) {
            log.println("healbms run: error: a telemetry listener failed: " + e);
            e.printStackTrace(log);
            log.flush();
        }
    }

    /** The audit log's writer is failing; said on the log (the journal) when it starts, since the audit log cannot. */
    private boolean auditUnwritable() {
        Optional<IOException> failure = audit.writeFailure();
        if (failure.isPresent() != auditFailing) {
            auditFailing = failure.isPresent();
            log.println(
                    auditFailing
                            ? "healbms run: warning: the audit log cannot be written ("
                                    + failure.get().getMessage() + "); its records wait in memory"
                            : "healbms run: the audit log is written again");
            log.flush();
        }
        return auditFailing;
    }
}
