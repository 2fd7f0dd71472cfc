package org.healbms.core.protection;

/**
 * The operating window of a cell, from its datasheet. Charge and discharge temperature windows differ
 * (lithium plates when charged cold), as do the current limits.
 *
 * @param maxChargeCurrentA    largest charge current, A (positive)
 * @param maxDischargeCurrentA largest discharge current, A (positive number for a negative current)
 */
public record CellLimits(
        double minVoltageV,
        double maxVoltageV,
        double minChargeTemperatureDegC,
        double maxChargeTemperatureDegC,
        double minDischargeTemperatureDegC,
        double maxDischargeTemperatureDegC,
        double maxChargeCurrentA,
        double maxDischargeCurrentA) {

    public CellLimits {
        require(minVoltageV < maxVoltageV, "min voltage must be below max voltage");
        require(minChargeTemperatureDegC < maxChargeTemperatureDegC, "charge temperature window is empty");
        require(minDischargeTemperatureDegC < maxDischargeTemperatureDegC, "discharge temperature window is empty");
        require(maxChargeCurrentA > 0 && maxDischargeCurrentA > 0, "current limits must be positive");
    }

    /**
     * Panasonic NCR18650PF (the dataset's cell), from its datasheet: 2.5-4.2 V, charge 0-45 degC at up
     * to 0.5C (1.45 A), discharge -20-60 degC at up to 10 A.
     */
    public static CellLimits ncr18650pf() {
        return new CellLimits(2.5, 4.2, 0, 45, -20, 60, 1.45, 10.0);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
