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
     * Validates a rules file and, if it is valid, puts it in force at once.
     *
     * @return the problems (empty when the new rules are in force; otherwise the old ones still are)
     */
    List<String> replaceRules(String yaml);

    /** auto, advisory (rules report, nothing is done) or off. */
    String healingMode();

    /** @return the problems (empty when set) */
    List<String> setHealingMode(String mode);

    /** Acknowledges a latched fault by its id; @return the problems (empty when acknowledged) */
    List<String> acknowledgeFault(String fault);

    /**
     * Starts an impedance sweep of a cell (1-based) if it has a front end, rests and no protection
     * fault is active; otherwise says why not. Returns at once: the sweep runs on its own thread.
     */
    SweepAnswer requestImpedanceSweep(int cell);

    /** A refused request, for the audit log. */
    void refused(String what);
}
