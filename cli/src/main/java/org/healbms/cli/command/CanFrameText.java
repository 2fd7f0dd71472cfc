package org.healbms.cli.command;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.healbms.drivers.canbms.BmsCanMessage;
import org.healbms.drivers.canbms.FaultClass;

/** A decoded frame of the CAN-bus BMS protocol as one line of text, for {@code healbms can dump}. */
final class CanFrameText {

    private CanFrameText() {}

    static String describe(BmsCanMessage message) {
        return switch (message) {
            case BmsCanMessage.Limits l ->
                String.format(
                        Locale.ROOT,
                        "limits: CVL %.1f V, CCL %.1f A, DCL %.1f A%s",
                        l.chargeVoltageLimitV(),
                        l.chargeCurrentLimitA(),
                        l.dischargeCurrentLimitA(),
                        Double.isNaN(l.dischargeVoltageLimitV())
                                ? ""
                                : String.format(Locale.ROOT, ", DVL %.1f V", l.dischargeVoltageLimitV()));
            case BmsCanMessage.ChargeState c ->
                String.format(
                        Locale.ROOT,
                        "SoC %.0f %%, SoH %.0f %%%s",
                        100 * c.soc(),
                        100 * c.soh(),
                        Double.isNaN(c.highResolutionSoc())
                                ? ""
                                : String.format(Locale.ROOT, ", SoC %.2f %%", 100 * c.highResolutionSoc()));
            case BmsCanMessage.Measurements m ->
                String.format(
                        Locale.ROOT,
                        "pack %.2f V, %.1f A (%s), %.1f degC",
                        m.packVoltageV(),
                        m.packCurrentA(),
                        m.packCurrentA() >= 0 ? "charge" : "discharge",
                        m.temperatureDegC());
            case BmsCanMessage.Alarms a -> "alarms: " + classes(a.alarms()) + "; warnings: " + classes(a.warnings());
            case BmsCanMessage.Requests r ->
                "charge " + (r.chargeEnable() ? "enabled" : "disabled")
                        + ", discharge " + (r.dischargeEnable() ? "enabled" : "disabled")
                        + (r.forceCharge() ? ", force charge requested" : "");
            case BmsCanMessage.Manufacturer m -> "manufacturer '" + m.name() + "'";
            case BmsCanMessage.Identity i ->
                "model %d, firmware %d.%d, capacity %d Ah"
                        .formatted(
                                i.batteryModel(), i.firmwareVersion() >> 8, i.firmwareVersion() & 0xFF, i.capacityAh());
            case BmsCanMessage.InverterKeepAlive k -> "inverter keep-alive";
            case BmsCanMessage.Malformed m -> "malformed: " + m.problem();
            case BmsCanMessage.Unknown u -> "not the BMS protocol";
        };
    }

    private static String classes(Set<FaultClass> classes) {
        return classes.isEmpty()
                ? "none"
                : classes.stream()
                        .sorted()
                        .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .collect(Collectors.joining(", "));
    }
}
