package org.healbms.firmware.coap;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetryFrame;
import org.healbms.firmware.telemetry.TelemetrySnapshot;

/**
 * The firmware side of a CoAP test: a snapshot, an audit log, and writes that are refused; a test
 * overrides what it is about. Shared with the CLI's tests through this module's test jar.
 */
public class ScriptedFirmware implements FirmwareControl {

    /** What a write answers when the test is not about it. */
    public static final String NOT_IN_THIS_TEST = "not in this test";

    private final Supplier<TelemetrySnapshot> snapshot;
    private final AuditLog audit;

    /**
     * @param snapshot what GETs read
     * @param audit    what {@code /audit} pages through; null for none
     */
    public ScriptedFirmware(Supplier<TelemetrySnapshot> snapshot, AuditLog audit) {
        this.snapshot = snapshot;
        this.audit = audit;
    }

    @Override
    public TelemetrySnapshot snapshot() {
        return snapshot.get();
    }

    /** No frame unless the test is about it (then it overrides this). */
    @Override
    public TelemetryFrame frame() {
        return null;
    }

    /** No passport unless the test is about it (then it overrides this). */
    @Override
    public Passport passport() {
        return null;
    }

    @Override
    public List<AuditLog.Entry> audit(int from, int count) {
        return audit == null ? List.of() : audit.page(from, count);
    }

    @Override
    public int auditSize() {
        return audit == null ? 0 : audit.size();
    }

    @Override
    public List<String> rules() {
        return List.of("none");
    }

    @Override
    public CompletableFuture<List<String>> replaceRules(String yaml, Requester by) {
        return CompletableFuture.completedFuture(List.of(NOT_IN_THIS_TEST));
    }

    @Override
    public String healingMode() {
        return "auto";
    }

    @Override
    public CompletableFuture<List<String>> setHealingMode(String mode, Requester by) {
        return CompletableFuture.completedFuture(List.of(NOT_IN_THIS_TEST));
    }

    @Override
    public CompletableFuture<List<String>> acknowledgeFault(String fault, Requester by) {
        return CompletableFuture.completedFuture(List.of(NOT_IN_THIS_TEST));
    }

    @Override
    public CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by) {
        return CompletableFuture.completedFuture(new SweepAnswer(SweepAnswer.Status.NO_FRONT_END, NOT_IN_THIS_TEST));
    }

    @Override
    public void refused(String what) {}
}
