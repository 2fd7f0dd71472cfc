package org.healbms.core.estimation;

/**
 * One cell's state estimator: the seam that coulomb counting, the EKF and later fusion and
 * state-of-health estimators share.
 *
 * <p>The step takes primitives and the results are read through getters, not returned as objects,
 * so that a filter step allocates nothing: on a pack controller it runs for every cell at 10 Hz for
 * years, and in replay millions of times per trace.
 *
 * <p>Current is positive on charge, negative on discharge.
 */
public interface CellStateEstimator {

    /** Short name used in reports, e.g. "ekf" or "coulomb-counting". */
    String name();

    /** Restarts from a SoC guess (fraction 0..1) with the estimator's prior uncertainty. */
    void reset(double socGuess);

    /**
     * Advances the estimate by one sample.
     *
     * @param dtS            time since the previous sample, s (0 is allowed and only updates)
     * @param currentA       current over the interval, A, positive on charge
     * @param voltageV       terminal voltage at the end of the interval, V
     * @param temperatureDegC cell temperature, °C
     */
    void update(double dtS, double currentA, double voltageV, double temperatureDegC);

    /**
     * A cell strain reading (m/m) taken with the last {@link #update}. Estimators without a strain
     * model ignore it.
     */
    default void observeStrain(double strain, double temperatureDegC) {}

    /** The estimated strain gauge zero, m/m; NaN for an estimator without a strain model. */
    default double strainOffset() {
        return Double.NaN;
    }

    default double strainOffsetSigma() {
        return Double.NaN;
    }

    /** Estimated state of charge, fraction 0..1 (may leave that range if the data says so). */
    double soc();

    /** 1σ uncertainty of {@link #soc()}, as a fraction; the reported bound is 3σ. */
    double socSigma();

    /** Capacity the estimator works with, Ah: estimated by estimators that learn it, NaN otherwise. */
    default double capacityAh() {
        return Double.NaN;
    }

    /** 1σ of {@link #capacityAh()}, Ah; NaN where capacity is not estimated. */
    default double capacitySigmaAh() {
        return Double.NaN;
    }

    /** Ohmic resistance as a multiple of the cell file's R0 (SoH_resistance); NaN where not tracked. */
    default double resistanceScale() {
        return Double.NaN;
    }

    /** 1σ of {@link #resistanceScale()}; NaN where not tracked. */
    default double resistanceScaleSigma() {
        return Double.NaN;
    }

    /**
     * Resistance state of health: the cell's resistance relative to the new cell's at the same
     * temperature, SoC and excitation (1 when new, above 1 as it ages); NaN where not measured.
     */
    default double resistanceHealth() {
        return Double.NaN;
    }

    /** 1σ of {@link #resistanceHealth()}; NaN where it is not known. */
    default double resistanceHealthSigma() {
        return Double.NaN;
    }
}
