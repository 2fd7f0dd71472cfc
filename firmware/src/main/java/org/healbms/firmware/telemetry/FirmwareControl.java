package org.healbms.firmware.telemetry;

import java.util.List;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.persist.AuditLog;

/** What the CoAP resources may see and change of the running firmware. */
public interface FirmwareControl {

    TelemetrySnapshot snapshot();

    List<AuditLog.Entry> audit(int from, int count);

    int auditSize();

    /** The rules in force: name and rule ids. */
    List<String> rules();

    /**
     * Validates a rules file and, if it is valid, puts it in force at once; the audit log says who.
     *
     * @return the problems (empty when the new rules are in force; otherwise the old ones still are)
     */
    List<String> replaceRules(String yaml, Requester by);

    /** auto, advisory (rules report, nothing is done) or off. */
    String healingMode();

    /** Sets the healing mode; the audit log says who. @return the problems (empty when set) */
    List<String> setHealingMode(String mode, Requester by);

    /** Acknowledges a latched fault by its id; the audit log says who. @return the problems (empty when acknowledged) */
    List<String> acknowledgeFault(String fault, Requester by);

    /**
     * Starts an impedance sweep of a cell (1-based) if it has a front end, rests and no protection
     * fault is active; otherwise says why not. Returns at once: the sweep runs on its own thread.
     * The audit log says who asked, whether the sweep started or not.
     */
    SweepAnswer requestImpedanceSweep(int cell, Requester by);

    /** A refused request, for the audit log. */
    void refused(String what);

    /** A telemetry listener threw (and was kept running): the firmware makes it a diagnosis. */
    default void telemetryFailed(RuntimeException e) {
    }
}
