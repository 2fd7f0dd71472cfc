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
 * <p>Why these choices: the voltage limits are the cells' window times the series count (the charger
 * regulates the pack, the BMS the current). SoC is the lowest cell's: an inverter that holds a minimum
 * SoC then stops before the weakest cell is empty. SoH is the weakest cell's capacity over the rated
 * one. The temperature is the hottest cell's, as diyBMS sends it. Charge and discharge are enabled
 * only with the contactors closed and a limit above zero; a cell below its minimum voltage asks for a
 * force charge.
 *
 * @param socs         each cell's SoC estimate
 * @param capacitiesAh each cell's estimated capacity
 * @param minCellVoltageV   the lowest usable cell voltage (NaN: none)
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
        return new PackReport(
                cells * cellLimits.maxVoltageV(),
                limits.chargeA(),
                limits.dischargeA(),
                cells * cellLimits.minVoltageV(),
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
