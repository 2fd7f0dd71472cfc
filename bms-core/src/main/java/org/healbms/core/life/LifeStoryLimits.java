package org.healbms.core.life;

import org.healbms.core.protection.CellLimits;

/**
 * Where the life story starts counting: the temperatures beyond which time counts as "at an extreme
 * temperature" (at rest or on discharge, and while charging, which the cell tolerates in a narrower
 * window), and the cell voltages beyond which a cell is deeply discharged or overcharged.
 *
 * @param extremeHighDegC         above this a cell is at an extreme high temperature, °C
 * @param extremeLowDegC          below this, at an extreme low temperature, °C
 * @param extremeHighChargingDegC above this while charging, °C
 * @param extremeLowChargingDegC  below this while charging, °C
 * @param deepDischargeV          a cell below this voltage is deeply discharged, V
 * @param overchargeV             a cell above this voltage is overcharged, V
 */
public record LifeStoryLimits(
        double extremeHighDegC,
        double extremeLowDegC,
        double extremeHighChargingDegC,
        double extremeLowChargingDegC,
        double deepDischargeV,
        double overchargeV) {

    /**
     * How far back past its threshold a cell's voltage must come before the next crossing counts as a
     * new event: the measurement's noise and the relaxation after the current stops would otherwise
     * count one deep discharge many times.
     */
    public static final double EVENT_REARM_V = 0.05;

    public LifeStoryLimits {
        require(extremeLowDegC < extremeHighDegC, "extreme_low_degc must be below extreme_high_degc");
        require(
                extremeLowChargingDegC < extremeHighChargingDegC,
                "extreme_low_charging_degc must be below extreme_high_charging_degc");
        require(
                deepDischargeV > 0 && deepDischargeV < overchargeV,
                "deep_discharge_v must be > 0 and below overcharge_v");
        require(
                Double.isFinite(extremeHighDegC)
                        && Double.isFinite(extremeLowDegC)
                        && Double.isFinite(overchargeV)
                        && Double.isFinite(extremeHighChargingDegC)
                        && Double.isFinite(extremeLowChargingDegC),
                "life-story thresholds must be finite");
    }

    /**
     * From the cell's operating window: outside the discharge temperature window at rest or on
     * discharge, outside the charge window while charging, below the minimum or above the maximum voltage.
     */
    public static LifeStoryLimits of(CellLimits limits) {
        return new LifeStoryLimits(
                limits.maxDischargeTemperatureDegC(),
                limits.minDischargeTemperatureDegC(),
                limits.maxChargeTemperatureDegC(),
                limits.minChargeTemperatureDegC(),
                limits.minVoltageV(),
                limits.maxVoltageV());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
