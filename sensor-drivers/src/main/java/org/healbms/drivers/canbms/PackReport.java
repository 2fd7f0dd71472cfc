package org.healbms.drivers.canbms;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the BMS tells the inverter once a second, in SI units, before scaling: the firmware's own
 * figures for one tick.
 *
 * @param chargeVoltageLimitV    CVL: the pack voltage the charger must not exceed
 * @param chargeCurrentLimitA    CCL, A, not negative
 * @param dischargeCurrentLimitA DCL, A, not negative (a magnitude: the protocol's limits are positive)
 * @param dischargeVoltageLimitV DVL: the pack voltage the inverter must not discharge below
 * @param soc                    state of charge, 0 .. 1
 * @param soh                    state of health, 0 .. 1
 * @param packVoltageV           measured pack voltage (NaN: not known, sent as 0)
 * @param packCurrentA           measured pack current, positive on charge (NaN: not known, sent as 0)
 * @param temperatureDegC        the pack's temperature as the inverter should see it (NaN: sent as 0)
 * @param alarms                 fault classes with a fault that opens the contactors
 * @param warnings               fault classes with a fault that derates or warns
 * @param online                 the contactors are closed (Victron's system status)
 * @param chargeEnable           the inverter may charge
 * @param dischargeEnable        the inverter may discharge
 * @param forceCharge            the pack asks to be charged now (a cell below its minimum voltage)
 * @param manufacturer           0x35E, ASCII, at most 8 characters
 * @param firmwareVersion        0x35F, major in the high byte and minor in the low byte
 * @param capacityAh             0x35F, the pack's capacity now
 */
public record PackReport(
        double chargeVoltageLimitV,
        double chargeCurrentLimitA,
        double dischargeCurrentLimitA,
        double dischargeVoltageLimitV,
        double soc,
        double soh,
        double packVoltageV,
        double packCurrentA,
        double temperatureDegC,
        Set<FaultClass> alarms,
        Set<FaultClass> warnings,
        boolean online,
        boolean chargeEnable,
        boolean dischargeEnable,
        boolean forceCharge,
        String manufacturer,
        int firmwareVersion,
        double capacityAh) {

    public PackReport {
        alarms = alarms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(alarms));
        warnings = warnings.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(warnings));
        if (!manufacturer.chars().allMatch(c -> c >= 0x20 && c < 0x7F) || manufacturer.length() > 8) {
            throw new IllegalArgumentException(
                    "manufacturer '" + manufacturer + "' is not up to 8 printable ASCII characters");
        }
    }
}
