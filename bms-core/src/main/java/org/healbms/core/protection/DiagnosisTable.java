package org.healbms.core.protection;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The diagnosis table: one {@link DiagnosisEntry} per {@link FaultId}. The standard table derives
 * its thresholds from the cell's limits; docs/protection.md lists it.
 *
 * <p>Why these numbers: an over-voltage is tolerated for only 0.5 s beyond a 20 mV margin (sensor
 * tolerance), and a cell stays out until someone has looked at it (latched); an under-voltage
 * allows 1 s because load steps sag the voltage briefly. Temperatures move slowly and sensors are
 * noisy, so 2 s of debounce and 5 K of hysteresis. Losing cell voltages opens the contactors (the
 * pack cannot be protected blind); losing one of several thermistors or the current derates.
 */
public final class DiagnosisTable {

    /** Current above this is charging; below minus this, discharging. */
    public static final double CHARGING_THRESHOLD_A = 0.1;

    private final Map<FaultId, DiagnosisEntry> entries;
    /** The entries in fault order, made once: the supervisor walks them several times a tick. */
    private final List<DiagnosisEntry> ordered;

    public DiagnosisTable(List<DiagnosisEntry> entries) {
        this.entries = new EnumMap<>(FaultId.class);
        for (DiagnosisEntry e : entries) {
            if (this.entries.put(e.id(), e) != null) {
                throw new IllegalArgumentException("the diagnosis table lists " + e.id() + " twice");
            }
        }
        for (FaultId id : FaultId.values()) {
            if (!this.entries.containsKey(id)) {
                throw new IllegalArgumentException("the diagnosis table has no entry for " + id);
            }
        }
        this.ordered = List.copyOf(this.entries.values());
    }

    public DiagnosisEntry entry(FaultId id) {
        return entries.get(id);
    }

    public List<DiagnosisEntry> entries() {
        return ordered;
    }

    public static DiagnosisTable standard(CellLimits l) {
        double ovSet = l.maxVoltageV() + 0.020;
        double ovClear = l.maxVoltageV() - 0.050;
        double uvSet = l.minVoltageV() - 0.100;
        double uvClear = l.minVoltageV() + 0.100;
        double chargeOc = 1.1 * l.maxChargeCurrentA();
        double dischargeOc = 1.1 * l.maxDischargeCurrentA();
        return new DiagnosisTable(List.of(
                new DiagnosisEntry(
                        FaultId.CELL_OVERVOLTAGE,
                        Severity.OPEN_CONTACTORS,
                        "max cell > %.3f V; clears < %.3f V".formatted(ovSet, ovClear),
                        in -> in.maxCellVoltageV() > ovSet,
                        in -> in.maxCellVoltageV() < ovClear,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        true),
                new DiagnosisEntry(
                        FaultId.CELL_UNDERVOLTAGE,
                        Severity.OPEN_CONTACTORS,
                        "min cell < %.3f V; clears > %.3f V".formatted(uvSet, uvClear),
                        in -> in.minCellVoltageV() < uvSet,
                        in -> in.minCellVoltageV() > uvClear,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        true),
                new DiagnosisEntry(
                        FaultId.CHARGE_OVERTEMPERATURE,
                        Severity.DERATE,
                        "charging and max T > %.1f degC; clears < %.1f degC or not charging"
                                .formatted(l.maxChargeTemperatureDegC(), l.maxChargeTemperatureDegC() - 5),
                        in -> charging(in) && in.maxTemperatureDegC() > l.maxChargeTemperatureDegC(),
                        in -> !charging(in) || in.maxTemperatureDegC() < l.maxChargeTemperatureDegC() - 5,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        false),
                new DiagnosisEntry(
                        FaultId.CHARGE_UNDERTEMPERATURE,
                        Severity.DERATE,
                        "charging and min T < %.1f degC; clears > %.1f degC or not charging"
                                .formatted(l.minChargeTemperatureDegC(), l.minChargeTemperatureDegC() + 2),
                        in -> charging(in) && in.minTemperatureDegC() < l.minChargeTemperatureDegC(),
                        in -> !charging(in) || in.minTemperatureDegC() > l.minChargeTemperatureDegC() + 2,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        false),
                new DiagnosisEntry(
                        FaultId.DISCHARGE_OVERTEMPERATURE,
                        Severity.OPEN_CONTACTORS,
                        "max T > %.1f degC; clears < %.1f degC"
                                .formatted(l.maxDischargeTemperatureDegC(), l.maxDischargeTemperatureDegC() - 5),
                        in -> in.maxTemperatureDegC() > l.maxDischargeTemperatureDegC(),
                        in -> in.maxTemperatureDegC() < l.maxDischargeTemperatureDegC() - 5,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30),
                        true),
                new DiagnosisEntry(
                        FaultId.DISCHARGE_UNDERTEMPERATURE,
                        Severity.DERATE,
                        "min T < %.1f degC; clears > %.1f degC"
                                .formatted(l.minDischargeTemperatureDegC(), l.minDischargeTemperatureDegC() + 2),
                        in -> in.minTemperatureDegC() < l.minDischargeTemperatureDegC(),
                        in -> in.minTemperatureDegC() > l.minDischargeTemperatureDegC() + 2,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        false),
                new DiagnosisEntry(
                        FaultId.CHARGE_OVERCURRENT,
                        Severity.OPEN_CONTACTORS,
                        "current > %.2f A; clears < %.2f A".formatted(chargeOc, l.maxChargeCurrentA()),
                        in -> in.currentA() > chargeOc,
                        in -> in.currentA() < l.maxChargeCurrentA(),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        true),
                new DiagnosisEntry(
                        FaultId.DISCHARGE_OVERCURRENT,
                        Severity.OPEN_CONTACTORS,
                        "current < -%.2f A; clears > -%.2f A".formatted(dischargeOc, l.maxDischargeCurrentA()),
                        in -> in.currentA() < -dischargeOc,
                        in -> in.currentA() > -l.maxDischargeCurrentA(),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        true),
                new DiagnosisEntry(
                        FaultId.CELL_VOLTAGE_MEASUREMENT,
                        Severity.OPEN_CONTACTORS,
                        "a cell voltage is not usable; clears when all are for 5 s",
                        ProtectionInputs::cellVoltageMissing,
                        in -> !in.cellVoltageMissing(),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        false),
                new DiagnosisEntry(
                        FaultId.TEMPERATURE_MEASUREMENT,
                        Severity.DERATE,
                        "a cell temperature is not usable; clears when all are for 5 s",
                        ProtectionInputs::temperatureMissing,
                        in -> !in.temperatureMissing(),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        false),
                new DiagnosisEntry(
                        FaultId.CURRENT_MEASUREMENT,
                        Severity.DERATE,
                        "the pack current is not usable; clears when it is for 5 s",
                        in -> Double.isNaN(in.currentA()),
                        in -> !Double.isNaN(in.currentA()),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        false),
                // The pack is as safe as before (protection needs little memory and runs first in
                // every tick), so a warning: seen on /pack and in the audit log, no derating.
                runtime(
                        FaultId.LOW_MEMORY,
                        Severity.WARNING,
                        "live heap after GC above the critical fraction for 2 s; clears when below it for 10 s",
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        false),
                // A fact found once at start, not a noisy signal: raised on the first tick, no debounce.
                // Protection never needed the lost state (it sees measurements only), so the contactors
                // stay closed; but the SoC behind the current limits is a guess until the filter has
                // converged, and the count of healing doses spent is unknown, so derate (which also
                // holds healing and impedance sweeps) until someone has looked.
                runtime(
                        FaultId.STATE_LOST,
                        Severity.DERATE,
                        "both saved state slots unreadable at start; clears when acknowledged",
                        Duration.ZERO,
                        Duration.ZERO,
                        true),
                // Protection still runs on every tick, but later than its debounce times promise: halved
                // limits keep a late answer inside the margins, and derating also stops healing and
                // impedance sweeps, the optional load on the processor. A loop that stops altogether is
                // the systemd watchdog's to catch.
                runtime(
                        FaultId.LOOP_OVERRUN,
                        Severity.DERATE,
                        "over 10 % of the ticks of the last 10 s started a period late, for 1 s; clears after 10 s"
                                + " within it",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        false),
                // The card that keeps the audit trail also keeps the state: a power loss now would lose
                // the healing doses given since the last save, so no doses (derating holds healing) until
                // it writes again. A retried batch that goes through within the debounce is no fault.
                runtime(
                        FaultId.STORAGE_UNWRITABLE,
                        Severity.DERATE,
                        "the audit log's writer or the state save has failed for 5 s; clears after 10 s of writing",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        false),
                // The most severe: opening cannot open a welded contact, only the others in series, and
                // the pack must not be closed again (latched, and its condition holds while the weld
                // does, so no reset leaves FAULT). Two ticks of debounce for a bouncing auxiliary contact,
                // on top of the check's own settling time after every command.
                runtime(
                        FaultId.CONTACTOR_WELDED,
                        Severity.OPEN_CONTACTORS,
                        "a feedback reads closed (or unreadable) 100 ms after its contactor was commanded open,"
                                + " for 0.2 s; latched",
                        Duration.ofMillis(200),
                        Duration.ofSeconds(1),
                        true),
                // A contact that does not make leaves the load on the precharge resistor, or half a pack
                // switched: open everything and let someone look.
                runtime(
                        FaultId.CONTACTOR_STUCK_OPEN,
                        Severity.OPEN_CONTACTORS,
                        "a feedback reads open (or unreadable) 100 ms after its contactor was commanded closed,"
                                + " for 0.2 s; latched",
                        Duration.ofMillis(200),
                        Duration.ofSeconds(1),
                        true),
                // A tick that threw did not finish: what it skipped (estimation, limits, the save) is
                // unknown, so the safe state, and someone must look at the bug before the pack closes.
                runtime(
                        FaultId.LISTENER_FAILED,
                        Severity.OPEN_CONTACTORS,
                        "a frame listener (the control tick or its telemetry) threw; latched",
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        true),
                // The notifier runs on the CoAP side and only reads the snapshot: the pack is as safe
                // as before, but an operator watching it missed an update and should hear why.
                runtime(
                        FaultId.TELEMETRY_FAILED,
                        Severity.WARNING,
                        "a telemetry listener (the CoAP notifier) threw; clears after 10 s without",
                        Duration.ZERO,
                        Duration.ofSeconds(10),
                        false),
                // The inverter may run on the last limits it heard, or stop on its own timeout: derate,
                // so that what it hears when the link is back is the halved limits, and the optional
                // load (healing, sweeps) stops. The keep-alive timeout is the debounce already, and a
                // bus-off that the restart clears at once is no fault; the contactors stay the last line.
                runtime(
                        FaultId.INVERTER_LINK,
                        Severity.DERATE,
                        "the CAN bus is off, or the inverter's keep-alive missing for its timeout, for 1 s;"
                                + " clears after 5 s of link",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        false)));
    }

    /** An entry for a runtime diagnosis: its condition is found by the firmware's watchers (see ProtectionInputs). */
    private static DiagnosisEntry runtime(
            FaultId id, Severity severity, String threshold, Duration debounce, Duration recovery, boolean latched) {
        return new DiagnosisEntry(
                id, severity, threshold, in -> in.holds(id), in -> !in.holds(id), debounce, recovery, latched);
    }

    static boolean charging(ProtectionInputs in) {
        return in.currentA() > CHARGING_THRESHOLD_A;
    }
}
