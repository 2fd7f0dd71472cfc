package org.healbms.core.signature;

import org.healbms.core.estimation.ResistanceHealth;

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
    // The resistance health as four numbers, not a ResistanceHealth, so a tick builds no object for it.
    private double resistanceHealth = Double.NaN;
    private double resistanceHealthSigma = Double.NaN;
    private double recentResistanceHealth = Double.NaN;
    private double recentResistanceHealthSigma = Double.NaN;

    /**
     * See {@link #set} for the parameters, and {@link #setResistanceHealth} for the resistance health
     * ({@link ResistanceHealth#UNKNOWN} where there is none: a detector's test, a replay without one).
     */
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
            double coreTemperatureDegC,
            ResistanceHealth resistanceHealth) {
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
        setResistanceHealth(
                resistanceHealth.health(),
                resistanceHealth.sigma(),
                resistanceHealth.recent(),
                resistanceHealth.recentSigma());
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
        setResistanceHealth(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * The cell's resistance against the new cell's, from its voltage response to changes of current
     * (see {@link ResistanceHealth}): set after {@link #set}, which leaves it unknown.
     */
    public void setResistanceHealth(double health, double sigma, double recent, double recentSigma) {
        this.resistanceHealth = health;
        this.resistanceHealthSigma = sigma;
        this.recentResistanceHealth = recent;
        this.recentResistanceHealthSigma = recentSigma;
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

    /**
     * The long-memory resistance health (what the healing rules read as soh_resistance), without
     * building a {@link ResistanceHealth}.
     */
    public double sohResistance() {
        return resistanceHealth;
    }

    /** The resistance health, long and recent memory (a new value: for a dose's start and verdict, not per tick). */
    public ResistanceHealth resistanceHealth() {
        return new ResistanceHealth(
                resistanceHealth, resistanceHealthSigma, recentResistanceHealth, recentResistanceHealthSigma);
    }
}
