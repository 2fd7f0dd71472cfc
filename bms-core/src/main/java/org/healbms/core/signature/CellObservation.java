package org.healbms.core.signature;

/**
 * What the detectors see of one cell at one tick: estimates with their 1σ, and measurements. NaN
 * where a value is not known (no sensor, not estimated, not usable this tick).
 *
 * @param currentA           string current, positive on charge
 * @param resistanceScale    ohmic resistance relative to the cell file's (SoH_resistance)
 * @param strain             can strain (fraction), from a gauge or an FBG
 * @param voltageV           the cell's terminal voltage
 * @param coreTemperatureDegC the virtual core temperature, where the estimator runs a thermal model
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
        double coreTemperatureDegC) {}
