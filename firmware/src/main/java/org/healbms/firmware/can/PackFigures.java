package org.healbms.firmware.can;

import java.util.Map;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.pack.PackState;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.ProtectionInputs;
import org.healbms.core.protection.Severity;
import org.healbms.drivers.canbms.FaultClass;
import org.healbms.drivers.canbms.PackReport;

/**
 * The control tick's figures the inverter is told, and how they become a {@link PackReport}.
 *
 * <p>Why these choices: the charger regulates the pack's voltage, not the cells', so the voltage
 * limits are the cells' window times the series count only while the cells are equal. An unequal
 * string's fullest cell would cross its maximum before the pack reached n·V_max, so the CVL is the
 * measured pack voltage plus the fullest cell's headroom (V_max − highest cell) when that is lower:
 * however the charger drives the pack up to it, the others' voltages do not fall, so the fullest cell
 * rises by no more than its headroom. The DVL is the same on the emptiest cell against V_min. Where a
 * reading is missing the window times the series count stays (the current limits still hold).
 *
 * <p>SoC is the lowest cell's: an inverter that holds a minimum SoC then stops before the weakest cell is empty. SoH is the weakest cell's capacity over the rated
 * one. The temperature is the hottest cell's, as diyBMS sends it. Charge and discharge are enabled
 * only with the contactors closed and a limit above zero; a cell below its minimum voltage asks for a
 * force charge.
 *
 * @param socs         each cell's SoC estimate
 * @param capacitiesAh each cell's estimated capacity
 * @param minCellVoltageV   the lowest usable cell voltage (NaN: none)
 * @param maxCellVoltageV   the highest usable cell voltage (NaN: none)
 * @param maxTemperatureDegC the hottest usable cell temperature (NaN: none)
 */
public record PackFigures(
        PackState state,
        CurrentLimits limits,
        double[] socs,
        double[] capacitiesAh,
        double packVoltageV,
        double packCurrentA,
        double minCellVoltageV,
        double maxCellVoltageV,
        double maxTemperatureDegC,
        Map<FaultId, Severity> faults) {

    /** Firmware version in 0x35F: major in the high byte, minor in the low. */
    static final int FIRMWARE_VERSION = 0x0001;

    /** The tick's figures: the estimator's SoC and capacity per cell, protection's extremes. */
    public static PackFigures of(
            PackState state,
            CurrentLimits limits,
            PackEstimator estimator,
            double packVoltageV,
            double packCurrentA,
            ProtectionInputs in,
            Map<FaultId, Severity> faults) {
        double[] capacities = new double[estimator.cells()];
        for (int k = 0; k < capacities.length; k++) {
            capacities[k] = estimator.capacityAh(k);
        }
        return new PackFigures(
                state,
                limits,
                estimator.socs(),
                capacities,
                packVoltageV,
                packCurrentA,
                in.minCellVoltageV(),
                in.maxCellVoltageV(),
                in.maxTemperatureDegC(),
                faults);
    }

    /** The report for a pack of {@code cells} cells of {@code limits} and rated {@code ratedAh}. */
    public PackReport report(CellLimits cellLimits, int cells, double ratedAh, String manufacturer) {
        boolean online = state == PackState.NORMAL || state == PackState.DERATED;
        double soc = Double.NaN;
        for (double s : socs) {
            soc = Double.isNaN(soc) ? s : Math.min(soc, s);
        }
        double capacity = Double.NaN;
        for (double c : capacitiesAh) {
            capacity = Double.isNaN(capacity) ? c : Math.min(capacity, c);
        }
        double soh = ratedAh > 0 ? capacity / ratedAh : Double.NaN;
        double cvl = cells * cellLimits.maxVoltageV();
        double headroom = cellLimits.maxVoltageV() - maxCellVoltageV;
        if (Double.isFinite(packVoltageV) && Double.isFinite(headroom)) {
            cvl = Math.max(0, Math.min(cvl, packVoltageV + headroom));
        }
        double dvl = cells * cellLimits.minVoltageV();
        double footroom = minCellVoltageV - cellLimits.minVoltageV();
        if (Double.isFinite(packVoltageV) && Double.isFinite(footroom)) {
            dvl = Math.max(dvl, packVoltageV - footroom);
        }
        return new PackReport(
                cvl,
                limits.chargeA(),
                limits.dischargeA(),
                dvl,
                clamp01(soc),
                clamp01(soh),
                packVoltageV,
                packCurrentA,
                maxTemperatureDegC,
                FaultClass.alarms(faults),
                FaultClass.warnings(faults),
                online,
                online && limits.chargeA() > 0,
                online && limits.dischargeA() > 0,
                online && minCellVoltageV < cellLimits.minVoltageV(),
                manufacturer,
                FIRMWARE_VERSION,
                Double.isNaN(capacity) ? 0 : capacity);
    }

    private static double clamp01(double x) {
        return Double.isNaN(x) ? 0 : Math.clamp(x, 0.0, 1.0);
    }
}
