package org.healbms.core.protection;

/**
 * What the supervisor looks at, reduced from a reading frame: the extremes of the usable cell
 * voltages and temperatures, the pack current, and whether any value it needs was unusable. The
 * supervisor never sees an estimate: protection must hold when the estimators are wrong.
 *
 * @param currentA positive on charge; NaN if unusable
 */
public record ProtectionInputs(double minCellVoltageV, double maxCellVoltageV, double minTemperatureDegC,
                               double maxTemperatureDegC, double currentA, boolean cellVoltageMissing,
                               boolean temperatureMissing) {

    /** From per-cell values and a usable flag per value. */
    public static ProtectionInputs of(double[] cellVoltages, boolean[] voltageOk, double[] temperatures,
                                      boolean[] temperatureOk, double currentA, boolean currentOk) {
        double vMin = Double.NaN;
        double vMax = Double.NaN;
        boolean vMissing = cellVoltages.length == 0;
        for (int i = 0; i < cellVoltages.length; i++) {
            if (!voltageOk[i] || !Double.isFinite(cellVoltages[i])) {
                vMissing = true;
                continue;
            }
            vMin = Double.isNaN(vMin) ? cellVoltages[i] : Math.min(vMin, cellVoltages[i]);
            vMax = Double.isNaN(vMax) ? cellVoltages[i] : Math.max(vMax, cellVoltages[i]);
        }
        double tMin = Double.NaN;
        double tMax = Double.NaN;
        boolean tMissing = temperatures.length == 0;
        for (int i = 0; i < temperatures.length; i++) {
            if (!temperatureOk[i] || !Double.isFinite(temperatures[i])) {
                tMissing = true;
                continue;
            }
            tMin = Double.isNaN(tMin) ? temperatures[i] : Math.min(tMin, temperatures[i]);
            tMax = Double.isNaN(tMax) ? temperatures[i] : Math.max(tMax, temperatures[i]);
        }
        return new ProtectionInputs(vMin, vMax, tMin, tMax, currentOk && Double.isFinite(currentA) ? currentA : Double.NaN,
                vMissing, tMissing);
    }
}
