package org.healbms.core.cell;

/**
 * Noise figures the Kalman filter is tuned with; they travel in the cell parameter file because they
 * describe how far this model of this cell can be trusted.
 *
 * @param initialSocSigma       1σ of the SoC prior when the start SoC is only a guess (fraction)
 * @param socProcessSigmaPerSqrtS   SoC random-walk density: 1σ growth of SoC per √s (current-sensor
 *                              bias and capacity error)
 * @param rcVoltageProcessSigmaPerSqrtS  random-walk density of each RC polarisation voltage, V/√s
 * @param hysteresisProcessSigmaPerSqrtS random-walk density of the hysteresis voltage, V/√s
 * @param voltageSigmaV         1σ of the terminal-voltage residual: sensor noise plus model error
 * @param voltageErrorCorrelationS how long the voltage residual stays correlated, s. Model error is not
 *                              white: a 10 Hz log holds far fewer independent voltage errors than
 *                              samples, and a filter that counts every sample as new evidence grows
 *                              overconfident. The filter therefore weighs each sample as
 *                              {@code dt / correlation} of an independent one.
 * @param voltageBiasProcessSigmaPerSqrtS random-walk density of the filter's voltage-bias state, V/√s:
 *                              the part of the model error that wanders too slowly to average out
 *                              (slow polarisation the identification tests could not show). Without
 *                              it that error would be read as SoC.
 * @param initialCapacitySigmaFraction 1σ of the capacity prior, as a fraction of the capacity the filter
 *                              starts from (0 = capacity known, not estimated)
 * @param capacityProcessSigmaFractionPerSqrtS random walk of the capacity, fraction per √s: ageing is slow
 * @param initialResistanceSigmaFraction 1σ of the prior of the ohmic-resistance scale (R0 as a multiple of
 *                              the cell file's R0(SoC, T)); 0 = resistance known, not tracked
 * @param resistanceProcessSigmaFractionPerSqrtS random walk of that scale, per √s
 * @param modelError            where and how much the model's voltage is wrong, split into a fast part
 *                              (measurement noise growing with current) and a slow part (the bias state
 *                              as a bounded Gauss-Markov process), or null for a file that gives only the
 *                              single figures above. With it, {@code voltageSigmaV} is the white floor
 *                              under the fast part (sensor and quantisation), {@code voltageErrorCorrelationS}
 *                              the fast part's correlation, and the bias walk an extra on top (usually 0).
 */
public record EstimatorNoise(
        double initialSocSigma,
        double socProcessSigmaPerSqrtS,
        double rcVoltageProcessSigmaPerSqrtS,
        double hysteresisProcessSigmaPerSqrtS,
        double voltageSigmaV,
        double voltageErrorCorrelationS,
        double voltageBiasProcessSigmaPerSqrtS,
        double initialCapacitySigmaFraction,
        double capacityProcessSigmaFractionPerSqrtS,
        double initialResistanceSigmaFraction,
        double resistanceProcessSigmaFractionPerSqrtS,
        ModelErrorProfile modelError) {

    /** Noise without a model-error profile: one voltage figure for every condition. */
    public EstimatorNoise(double initialSocSigma, double socProcessSigmaPerSqrtS, double rcVoltageProcessSigmaPerSqrtS,
                          double hysteresisProcessSigmaPerSqrtS, double voltageSigmaV, double voltageErrorCorrelationS,
                          double voltageBiasProcessSigmaPerSqrtS, double initialCapacitySigmaFraction,
                          double capacityProcessSigmaFractionPerSqrtS, double initialResistanceSigmaFraction,
                          double resistanceProcessSigmaFractionPerSqrtS) {
        this(initialSocSigma, socProcessSigmaPerSqrtS, rcVoltageProcessSigmaPerSqrtS, hysteresisProcessSigmaPerSqrtS,
                voltageSigmaV, voltageErrorCorrelationS, voltageBiasProcessSigmaPerSqrtS, initialCapacitySigmaFraction,
                capacityProcessSigmaFractionPerSqrtS, initialResistanceSigmaFraction,
                resistanceProcessSigmaFractionPerSqrtS, null);
    }

    /** Noise with neither capacity nor resistance learned. */
    public EstimatorNoise(double initialSocSigma, double socProcessSigmaPerSqrtS, double rcVoltageProcessSigmaPerSqrtS,
                          double hysteresisProcessSigmaPerSqrtS, double voltageSigmaV, double voltageErrorCorrelationS,
                          double voltageBiasProcessSigmaPerSqrtS, double initialCapacitySigmaFraction,
                          double capacityProcessSigmaFractionPerSqrtS) {
        this(initialSocSigma, socProcessSigmaPerSqrtS, rcVoltageProcessSigmaPerSqrtS, hysteresisProcessSigmaPerSqrtS,
                voltageSigmaV, voltageErrorCorrelationS, voltageBiasProcessSigmaPerSqrtS, initialCapacitySigmaFraction,
                capacityProcessSigmaFractionPerSqrtS, 0.0, 0.0, null);
    }

    public EstimatorNoise {
        requirePositive("initial_soc_sigma", initialSocSigma);
        requireNonNegative("soc_process_sigma_per_sqrt_s", socProcessSigmaPerSqrtS);
        requireNonNegative("rc_voltage_process_sigma_v_per_sqrt_s", rcVoltageProcessSigmaPerSqrtS);
        requireNonNegative("hysteresis_process_sigma_v_per_sqrt_s", hysteresisProcessSigmaPerSqrtS);
        requirePositive("voltage_sigma_v", voltageSigmaV);
        requireNonNegative("voltage_error_correlation_s", voltageErrorCorrelationS);
        requireNonNegative("voltage_bias_process_sigma_v_per_sqrt_s", voltageBiasProcessSigmaPerSqrtS);
        requireNonNegative("initial_capacity_sigma_fraction", initialCapacitySigmaFraction);
        requireNonNegative("capacity_process_sigma_fraction_per_sqrt_s", capacityProcessSigmaFractionPerSqrtS);
        requireNonNegative("initial_resistance_sigma_fraction", initialResistanceSigmaFraction);
        requireNonNegative("resistance_process_sigma_fraction_per_sqrt_s", resistanceProcessSigmaFractionPerSqrtS);
    }

    /** The same noise with state-of-health learning set: capacity and ohmic-resistance priors and walks. */
    public EstimatorNoise withHealthLearning(double capacityPriorFraction, double capacityWalkPerSqrtS,
                                             double resistancePriorFraction, double resistanceWalkPerSqrtS) {
        return new EstimatorNoise(initialSocSigma, socProcessSigmaPerSqrtS, rcVoltageProcessSigmaPerSqrtS,
                hysteresisProcessSigmaPerSqrtS, voltageSigmaV, voltageErrorCorrelationS, voltageBiasProcessSigmaPerSqrtS,
                capacityPriorFraction, capacityWalkPerSqrtS, resistancePriorFraction, resistanceWalkPerSqrtS, modelError);
    }

    /** The same noise with the model's voltage error described by a profile (see {@link ModelErrorProfile}). */
    public EstimatorNoise withModelError(ModelErrorProfile profile, double voltageFloorV, double fastCorrelationS,
                                         double biasWalkPerSqrtS) {
        return new EstimatorNoise(initialSocSigma, socProcessSigmaPerSqrtS, rcVoltageProcessSigmaPerSqrtS,
                hysteresisProcessSigmaPerSqrtS, voltageFloorV, fastCorrelationS, biasWalkPerSqrtS,
                initialCapacitySigmaFraction, capacityProcessSigmaFractionPerSqrtS, initialResistanceSigmaFraction,
                resistanceProcessSigmaFractionPerSqrtS, profile);
    }

    /** Measurement variance for one sample taken dt after the previous one. */
    public double voltageVariance(double dtS) {
        return voltageSigmaV * voltageSigmaV * correlationInflation(dtS);
    }

    /**
     * Measurement variance for one sample taken dt after the previous one at this SoC, temperature,
     * current and model overpotential (V): the white floor, the fast model error of the profile (if any)
     * and a further model error the caller knows of (e.g. temperature extrapolation), all weighed for
     * their correlation.
     */
    public double voltageVariance(double dtS, double soc, double temperatureDegC, double currentA, double overpotentialV,
                                  double extraSigmaV) {
        double fast = modelError == null ? 0.0 : modelError.fastSigmaV(soc, temperatureDegC, currentA, overpotentialV);
        return (voltageSigmaV * voltageSigmaV + fast * fast + extraSigmaV * extraSigmaV) * correlationInflation(dtS);
    }

    private double correlationInflation(double dtS) {
        return dtS > 0 && voltageErrorCorrelationS > dtS ? voltageErrorCorrelationS / dtS : 1.0;
    }

    private static void requirePositive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a positive number, got " + v);
        }
    }

    private static void requireNonNegative(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a number >= 0, got " + v);
        }
    }
}
