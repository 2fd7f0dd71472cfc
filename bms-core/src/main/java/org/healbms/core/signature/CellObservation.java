package org.healbms.core.signature;

import org.healbms.core.estimation.ResistanceHealth;

/**
 * What the detectors see of one cell at one tick: estimates with their 1σ, and measurements. NaN
 * where a value is not known (no sensor, not estimated, not usable this tick).
 *
 * @param currentA           string current, positive on charge
 * @param resistanceScale    ohmic resistance relative to the cell file's (SoH_resistance)
 * @param strain             can strain (fraction), from a gauge or an FBG
 * @param voltageV           the cell's terminal voltage
 * @param coreTemperatureDegC the virtual core temperature, where the estimator runs a thermal model
 * @param resistanceHealth   the resistance against the new cell's from the voltage response to changes of
 *                           current (what the healing rules read as soh_resistance and judge doses by)
 */
public record CellObservation(
        int cell,
        double soc,
        double temperatureDegC,
        double currentA,
        double capacityAh,
        double resistanceScale,
        double resistanceScaleSigma,
        double strain,
        double voltageV,
        double coreTemperatureDegC,
        ResistanceHealth resistanceHealth) {

    public CellObservation {
        if (resistanceHealth == null) {
            throw new IllegalArgumentException("a resistance health must be given (UNKNOWN where there is none)");
        }
    }

    /** An observation without a response-based resistance health (a detector's test, a replay without one). */
    public CellObservation(
            int cell,
            double soc,
            double temperatureDegC,
            double currentA,
            double capacityAh,
            double resistanceScale,
            double resistanceScaleSigma,
            double strain,
            double voltageV,
            double coreTemperatureDegC) {
        this(
                cell,
                soc,
                temperatureDegC,
                currentA,
                capacityAh,
                resistanceScale,
                resistanceScaleSigma,
                strain,
                voltageV,
                coreTemperatureDegC,
                ResistanceHealth.UNKNOWN);
    }
}
