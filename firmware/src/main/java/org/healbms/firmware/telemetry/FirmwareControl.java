package org.healbms.firmware.telemetry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.persist.AuditLog;

/**
 * What the CoAP resources may see and change of the running firmware. Reads answer at once from what
 * the last tick published. Writes are commands: they are queued for the control tick, which carries
 * them out at the start of its next tick and completes the returned future; a full queue fails it at
 * once with {@link CommandRefused}, and nothing of that command is done. A caller that stops waiting
 * cancels the future: if the tick has not taken the command yet, it never will.
 */
public interface FirmwareControl {

    TelemetrySnapshot snapshot();

    /** The last tick's reading frame with its wall-clock time, for a fleet's gateway; null before the first tick. */
    TelemetryFrame frame();

    /** The pack's passport (life story, state of health, healing ledger) as of the last save; null before it. */
    Passport passport();

    List<AuditLog.Entry> audit(int from, int count);

    int auditSize();

    /** The rules in force: name and rule ids. */
    List<String> rules();

    /**
     * Validates a rules file and, if it is valid, puts it in force at once; the audit log says who.
     *
     * @return the problems (empty when the new rules are in force; otherwise the old ones still are)
     */
    CompletableFuture<List<String>> replaceRules(String yaml, Requester by);

    /** auto, advisory (rules report, nothing is done) or off. */
    String healingMode();

    /** Sets the healing mode; the audit log says who. @return the problems (empty when set) */
    CompletableFuture<List<String>> setHealingMode(String mode, Requester by);

    /** Acknowledges a latched fault by its id; the audit log says who. @return the problems (empty when acknowledged) */
    CompletableFuture<List<String>> acknowledgeFault(String fault, Requester by);

    /**
     * Starts an impedance sweep of a cell (1-based) if it has a front end, rests and no protection
     * fault is active; otherwise says why not. Answered by the next tick: the sweep runs on its own thread.
     * The audit log says who asked, whether the sweep started or not.
     */
    CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by);

    /**
     * A refused request, for the audit log. Not a command: it changes nothing of the pack, and queueing
     * it would let a peer without the right to write fill the queue the operator's commands go through.
     */
    void refused(String what);

    /** A telemetry listener threw (and was kept running): the firmware makes it a diagnosis. */
    default void telemetryFailed(RuntimeException e) {}
}
