package org.healbms.core.signature;

/**
 * What the detectors see of one cell at one tick: estimates with their 1σ, and measurements. NaN
 * where a value is not known (no sensor, not estimated, not usable this tick).
 *
 * <p>Not a record: the firmware keeps one per cell and rewrites it at every tick ({@link #set}), so
 * a tick builds no observation per cell. A detector reads it during its update and keeps the
 * numbers it needs, never the observation.
 */
public final class CellObservation {

    private int cell;
    private double soc;
    private double temperatureDegC;
    private double currentA;
    private double capacityAh;
    private double resistanceScale;
    private double resistanceScaleSigma;
    private double strain;
    private double voltageV;
    private double coreTemperatureDegC;

    /** See {@link #set} for the parameters. */
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
        set(
                cell,
                soc,
                temperatureDegC,
                currentA,
                capacityAh,
                resistanceScale,
                resistanceScaleSigma,
                strain,
                voltageV,
                coreTemperatureDegC);
    }

    /**
     * Rewrites the whole observation for a new tick.
     *
     * @param currentA            string current, positive on charge
     * @param resistanceScale     ohmic resistance relative to the cell file's (SoH_resistance)
     * @param strain              can strain (fraction), from a gauge or an FBG
     * @param voltageV            the cell's terminal voltage
     * @param coreTemperatureDegC the virtual core temperature, where the estimator runs a thermal model
     */
    public void set(
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
        this.cell = cell;
        this.soc = soc;
        this.temperatureDegC = temperatureDegC;
        this.currentA = currentA;
        this.capacityAh = capacityAh;
        this.resistanceScale = resistanceScale;
        this.resistanceScaleSigma = resistanceScaleSigma;
        this.strain = strain;
        this.voltageV = voltageV;
        this.coreTemperatureDegC = coreTemperatureDegC;
    }

    public int cell() {
        return cell;
    }

    public double soc() {
        return soc;
    }

    public double temperatureDegC() {
        return temperatureDegC;
    }

    public double currentA() {
        return currentA;
    }

    public double capacityAh() {
        return capacityAh;
    }

    public double resistanceScale() {
        return resistanceScale;
    }

    public double resistanceScaleSigma() {
        return resistanceScaleSigma;
    }

    public double strain() {
        return strain;
    }

    public double voltageV() {
        return voltageV;
    }

    public double coreTemperatureDegC() {
        return coreTemperatureDegC;
    }
}
