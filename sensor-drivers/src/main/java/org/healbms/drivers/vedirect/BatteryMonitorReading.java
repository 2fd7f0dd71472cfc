package org.healbms.drivers.vedirect;

import java.util.Set;

/**
 * One reading of a Victron battery monitor (SmartShunt, BMV-7xx), in SI units. Fields the monitor
 * did not send, or sent as "---" (not yet synchronised), are NaN.
 *
 * @param voltageV       main battery voltage ({@code V}, mV on the wire)
 * @param currentA       battery current, positive on charge ({@code I}, mA)
 * @param powerW         ({@code P})
 * @param consumedAh     charge taken out since full, negative ({@code CE}, mAh)
 * @param soc            state of charge as the monitor counts it, fraction ({@code SOC}, per mille)
 * @param timeToGoMin    minutes to empty at this current; infinite while charging or idle ({@code TTG}, -1)
 * @param temperatureDegC battery temperature when a sensor is fitted ({@code T})
 * @param alarm          alarm condition active ({@code Alarm})
 * @param alarmReasons   why ({@code AR})
 * @param product        model as the monitor names itself ({@code BMV}), or its product id ({@code PID})
 */
public record BatteryMonitorReading(
        double voltageV,
        double currentA,
        double powerW,
        double consumedAh,
        double soc,
        double timeToGoMin,
        double temperatureDegC,
        boolean alarm,
        Set<AlarmReason> alarmReasons,
        String product) {

    /** The {@code AR} bits of the VE.Direct protocol. */
    public enum AlarmReason {
        LOW_VOLTAGE(1),
        HIGH_VOLTAGE(2),
        LOW_SOC(4),
        LOW_STARTER_VOLTAGE(8),
        HIGH_STARTER_VOLTAGE(16),
        LOW_TEMPERATURE(32),
        HIGH_TEMPERATURE(64),
        MID_VOLTAGE(128);

        final int bit;

        AlarmReason(int bit) {
            this.bit = bit;
        }
    }

    public BatteryMonitorReading {
        alarmReasons = Set.copyOf(alarmReasons);
    }
}
