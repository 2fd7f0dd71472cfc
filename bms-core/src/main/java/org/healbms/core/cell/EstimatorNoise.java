package org.healbms.core.cell;

/**
 * Noise figures the Kalman filter is tuned with; they travel in the cell parameter file because they
 * describe how far this model of this cell can be trusted.
 *
 * <p>The figures, by the accessors the filter reads them with:
 * <ul>
 * <li>{@code initialSocSigma}: 1σ of the SoC prior when the start SoC is only a guess (fraction)
 * <li>{@code socProcessSigmaPerSqrtS}: SoC random-walk density: 1σ growth of SoC per √s (current-sensor
 *     bias and capacity error)
 * <li>{@code rcVoltageProcessSigmaPerSqrtS}: random-walk density of each RC polarisation voltage, V/√s
 * <li>{@code hysteresisProcessSigmaPerSqrtS}: random-walk density of the hysteresis voltage, V/√s
 * <li>{@code voltageSigmaV}: 1σ of the terminal-voltage residual: sensor noise plus model error
 * <li>{@code voltageErrorCorrelationS}: how long the voltage residual stays correlated, s. Model error is not
 *     white: a 10 Hz log holds far fewer independent voltage errors than
 *     samples, and a filter that counts every sample as new evidence grows
 *     overconfident. The filter therefore weighs each sample as
 *     {@code dt / correlation} of an independent one.
 * <li>{@code voltageBiasProcessSigmaPerSqrtS}: random-walk density of the filter's voltage-bias state, V/√s:
 *     the part of the model error that wanders too slowly to average out
 *     (slow polarisation the identification tests could not show). Without
 *     it that error would be read as SoC.
 * <li>{@code initialCapacitySigmaFraction}: 1σ of the capacity prior, as a fraction of the capacity the filter
 *     starts from (0 = capacity known, not estimated)
 * <li>{@code capacityProcessSigmaFractionPerSqrtS}: random walk of the capacity, fraction per √s: ageing is slow
 * <li>{@code initialResistanceSigmaFraction}: 1σ of the prior of the ohmic-resistance scale (R0 as a multiple of
 *     the cell file's R0(SoC, T)); 0 = resistance known, not tracked
 * <li>{@code resistanceProcessSigmaFractionPerSqrtS}: random walk of that scale, per √s
 * <li>{@code modelError}: where and how much the model's voltage is wrong, split into a fast part
 *     (measurement noise growing with current) and a slow part (the bias state
 *     as a bounded Gauss-Markov process), or null for a file that gives only the
 *     single figures above. With it, {@code voltageSigmaV} is the white floor
 *     under the fast part (sensor and quantisation), {@code voltageErrorCorrelationS}
 *     the fast part's correlation, and the bias walk an extra on top (usually 0).
 * </ul>
 *
 * @param soc          the SoC state's prior and walk
 * @param polarisation the RC and hysteresis voltages' walks
 * @param voltage      the measurement: its noise, correlation, bias walk and model-error profile
 * @param capacity     capacity learning (prior and walk), or none
 * @param resistance   ohmic-resistance learning (prior and walk), or none
 */
public record EstimatorNoise(
        SocNoise soc,
        PolarisationNoise polarisation,
        VoltageNoise voltage,
        CapacityLearning capacity,
        ResistanceLearning resistance) {

    /**
     * @param initialSigma         1σ of the SoC prior at reset
     * @param processSigmaPerSqrtS random-walk density of SoC (current sensor error the model does not see), 1/√s
     */
    public record SocNoise(double initialSigma, double processSigmaPerSqrtS) {
        public SocNoise {
            requirePositive("initial_soc_sigma", initialSigma);
            requireNonNegative("soc_process_sigma_per_sqrt_s", processSigmaPerSqrtS);
        }
    }

    /**
     * @param rcVoltageProcessSigmaPerSqrtS  random-walk density of each RC polarisation voltage, V/√s
     * @param hysteresisProcessSigmaPerSqrtS random-walk density of the hysteresis voltage, V/√s
     */
    public record PolarisationNoise(double rcVoltageProcessSigmaPerSqrtS, double hysteresisProcessSigmaPerSqrtS) {
        public PolarisationNoise {
            requireNonNegative("rc_voltage_process_sigma_v_per_sqrt_s", rcVoltageProcessSigmaPerSqrtS);
            requireNonNegative("hysteresis_process_sigma_v_per_sqrt_s", hysteresisProcessSigmaPerSqrtS);
        }
    }

    /**
     * @param sigmaV                 1σ of the terminal-voltage residual (see voltageSigmaV above)
     * @param errorCorrelationS      how long the voltage residual stays correlated, s
     * @param biasProcessSigmaPerSqrtS random-walk density of the voltage-bias state, V/√s
     * @param modelError             the model's voltage error by region, or null
     */
    public record VoltageNoise(
            double sigmaV, double errorCorrelationS, double biasProcessSigmaPerSqrtS, ModelErrorProfile modelError) {
        public VoltageNoise {
            requirePositive("voltage_sigma_v", sigmaV);
            requireNonNegative("voltage_error_correlation_s", errorCorrelationS);
            requireNonNegative("voltage_bias_process_sigma_v_per_sqrt_s", biasProcessSigmaPerSqrtS);
        }
    }

    /**
     * @param initialSigmaFraction         1σ of the capacity prior, as a fraction (0 = known, not estimated)
     * @param processSigmaFractionPerSqrtS random walk of the capacity, fraction per √s
     */
    public record CapacityLearning(double initialSigmaFraction, double processSigmaFractionPerSqrtS) {
        /** Capacity known, not learned. */
        public static final CapacityLearning NONE = new CapacityLearning(0, 0);

        public CapacityLearning {
            requireNonNegative("initial_capacity_sigma_fraction", initialSigmaFraction);
            requireNonNegative("capacity_process_sigma_fraction_per_sqrt_s", processSigmaFractionPerSqrtS);
        }
    }

    /**
     * @param initialSigmaFraction         1σ of the ohmic-resistance scale's prior (0 = not tracked)
     * @param processSigmaFractionPerSqrtS random walk of that scale, per √s
     */
    public record ResistanceLearning(double initialSigmaFraction, double processSigmaFractionPerSqrtS) {
        /** Resistance known, not tracked. */
        public static final ResistanceLearning NONE = new ResistanceLearning(0, 0);

        public ResistanceLearning {
            requireNonNegative("initial_resistance_sigma_fraction", initialSigmaFraction);
            requireNonNegative("resistance_process_sigma_fraction_per_sqrt_s", processSigmaFractionPerSqrtS);
        }
    }

    // The figures by their usual names, as the filter reads them.

    public double initialSocSigma() {
        return soc.initialSigma();
    }

    public double socProcessSigmaPerSqrtS() {
        return soc.processSigmaPerSqrtS();
    }

    public double rcVoltageProcessSigmaPerSqrtS() {
        return polarisation.rcVoltageProcessSigmaPerSqrtS();
    }

    public double hysteresisProcessSigmaPerSqrtS() {
        return polarisation.hysteresisProcessSigmaPerSqrtS();
    }

    public double voltageSigmaV() {
        return voltage.sigmaV();
    }

    public double voltageErrorCorrelationS() {
        return voltage.errorCorrelationS();
    }

    public double voltageBiasProcessSigmaPerSqrtS() {
        return voltage.biasProcessSigmaPerSqrtS();
    }

    public ModelErrorProfile modelError() {
        return voltage.modelError();
    }

    public double initialCapacitySigmaFraction() {
        return capacity.initialSigmaFraction();
    }

    public double capacityProcessSigmaFractionPerSqrtS() {
        return capacity.processSigmaFractionPerSqrtS();
    }

    public double initialResistanceSigmaFraction() {
        return resistance.initialSigmaFraction();
    }

    public double resistanceProcessSigmaFractionPerSqrtS() {
        return resistance.processSigmaFractionPerSqrtS();
    }

    /** The same noise with state-of-health learning set: capacity and ohmic-resistance priors and walks. */
    public EstimatorNoise withHealthLearning(
            double capacityPriorFraction,
            double capacityWalkPerSqrtS,
            double resistancePriorFraction,
            double resistanceWalkPerSqrtS) {
        return new EstimatorNoise(
                soc,
                polarisation,
                voltage,
                new CapacityLearning(capacityPriorFraction, capacityWalkPerSqrtS),
                new ResistanceLearning(resistancePriorFraction, resistanceWalkPerSqrtS));
    }

    /** The same noise with the model's voltage error described by a profile (see {@link ModelErrorProfile}). */
    public EstimatorNoise withModelError(
            ModelErrorProfile profile, double voltageFloorV, double fastCorrelationS, double biasWalkPerSqrtS) {
        return new EstimatorNoise(
                soc,
                polarisation,
                new VoltageNoise(voltageFloorV, fastCorrelationS, biasWalkPerSqrtS, profile),
                capacity,
                resistance);
    }

    /** Measurement variance for one sample taken dt after the previous one. */
    public double voltageVariance(double dtS) {
        double sigma = voltage.sigmaV();
        return sigma * sigma * correlationInflation(dtS);
    }

    /**
     * Measurement variance for one sample taken dt after the previous one at this SoC, temperature,
     * current and model overpotential (V): the white floor, the fast model error of the profile (if any)
     * and a further model error the caller knows of (e.g. temperature extrapolation), all weighed for
     * their correlation.
     */
    public double voltageVariance(
            double dtS,
            double soc,
            double temperatureDegC,
            double currentA,
            double overpotentialV,
            double extraSigmaV) {
        ModelErrorProfile profile = voltage.modelError();
        double fast = profile == null ? 0.0 : profile.fastSigmaV(soc, temperatureDegC, currentA, overpotentialV);
        double floor = voltage.sigmaV();
        return (floor * floor + fast * fast + extraSigmaV * extraSigmaV) * correlationInflation(dtS);
    }

    /**
     * How many samples dt apart make one independent reading of the voltage error (at least 1): the
     * factor each sample's variance is weighed up by.
     */
    public double correlationInflation(double dtS) {
        double correlation = voltage.errorCorrelationS();
        return dtS > 0 && correlation > dtS ? correlation / dtS : 1.0;
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
