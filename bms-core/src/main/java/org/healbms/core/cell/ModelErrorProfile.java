package org.healbms.core.cell;

import java.util.Objects;

/**
 * Where and how much the cell model's voltage is wrong, as measured on the tests it was identified
 * from: the filter trusts the model as far as these say, per temperature and per SoC region, instead
 * of everywhere as little as where it is worst.
 *
 * <p>The model's voltage error is split by time scale, because the two parts do different harm. A
 * fast part (a resistance or RC time constant a little off, seen on every current step) averages out
 * over a few seconds and is a measurement noise; it is a fraction of the overpotential the model
 * predicts (R0·i plus the RC voltages), as the error of a resistance or time constant is: it grows
 * with the current and lasts into the relaxation after a load, when the model's RC voltages are
 * still large and the voltage is not yet the OCV. A slow part (polarisation the model lacks, an OCV a few millivolts off in a SoC region) lasts
 * minutes and is indistinguishable in one sample from a SoC error: the filter carries it as its
 * voltage-bias state, a first-order Gauss-Markov process whose stationary spread and correlation time
 * are those of the slow error. Unlike a random walk its variance is bounded by what the model's error
 * actually was, so the SoC bound stops growing once the bias is as uncertain as the model is wrong.
 *
 * @param biasSigmaV        stationary 1σ of the slow voltage error at rest over SoC and temperature, V
 * @param biasSigmaOhm      growth of that 1σ with the sustained current (the current's mean over the
 *                          bias correlation time), Ω, over temperature: a polarisation slower than the
 *                          model's RC pairs builds up with a sustained load, σ_b² = σ_rest² + (r·ī)²
 * @param identifiedSustainedCurrentA the largest sustained current the model was identified at, A.
 *                          Beyond it nothing measured what a slow polarisation the model lacks does
 *                          (an HPPC test's pulses last seconds and its discharge steps are often not
 *                          even logged), so the excess is taken at the cell's own DC resistance
 *                          R0 + R1 + R2, the size of a diffusion polarisation of a typical cell: the
 *                          bound is then honest, and as wide as the model is unknown there.
 * @param biasCorrelationS  how long the slow error stays correlated, s
 * @param overpotentialSigmaFraction 1σ of the fast voltage error as a fraction of the model's
 *                          overpotential, over SoC and temperature
 * @param identifiedCurrentA the largest current magnitude the model was identified at, A: beyond it
 *                          the fast error is extrapolated (it grows further with current, see
 *                          {@link #fastSigmaV})
 */
public record ModelErrorProfile(
        SocTemperatureTable biasSigmaV,
        SocTemperatureTable biasSigmaOhm,
        double biasCorrelationS,
        SocTemperatureTable overpotentialSigmaFraction,
        double identifiedCurrentA,
        double identifiedSustainedCurrentA) {

    /**
     * Time scale separating the fast from the slow part of the model's error, s. Drive-cycle current
     * changes within seconds and the fast RC pairs settle in seconds to tens of seconds, so what a
     * resistance or time constant gets wrong averages out within it; what lasts longer (polarisation
     * the model lacks, an OCV a few millivolts off) is what a filter would read as SoC: in a minute a
     * 1C discharge moves SoC by under 2 %, so a slower error is not separable from SoC by its shape.
     */
    public static final double FAST_SLOW_SPLIT_S = 60.0;

    public ModelErrorProfile {
        Objects.requireNonNull(biasSigmaV, "voltage_bias_sigma_v");
        Objects.requireNonNull(biasSigmaOhm, "voltage_bias_sigma_ohm");
        if (!(biasSigmaOhm.min() >= 0)) {
            throw new IllegalArgumentException(
                    "voltage_bias_sigma_ohm values must be >= 0, got minimum " + biasSigmaOhm.min());
        }
        Objects.requireNonNull(overpotentialSigmaFraction, "overpotential_sigma_fraction");
        if (!(biasSigmaV.min() > 0)) {
            throw new IllegalArgumentException(
                    "voltage_bias_sigma_v values must be > 0, got minimum " + biasSigmaV.min());
        }
        if (!(overpotentialSigmaFraction.min() >= 0)) {
            throw new IllegalArgumentException("overpotential_sigma_fraction values must be >= 0, got minimum "
                    + overpotentialSigmaFraction.min());
        }
        if (!(biasCorrelationS > 0) || !Double.isFinite(biasCorrelationS)) {
            throw new IllegalArgumentException(
                    "voltage_bias_correlation_s must be a positive number, got " + biasCorrelationS);
        }
        if (!(identifiedSustainedCurrentA >= 0) || !Double.isFinite(identifiedSustainedCurrentA)) {
            throw new IllegalArgumentException(
                    "identified_sustained_current_a must be a number >= 0, got " + identifiedSustainedCurrentA);
        }
        if (!(identifiedCurrentA > 0) || !Double.isFinite(identifiedCurrentA)) {
            throw new IllegalArgumentException(
                    "identified_current_a must be a positive number, got " + identifiedCurrentA);
        }
    }

    /** Width of a SoC region with its own slow-error figures (the tables' bins). */
    public static final double SOC_REGION = 0.1;

    /**
     * Stationary 1σ of the slow voltage error at this SoC and temperature after this sustained current,
     * V. {@code dcResistanceOhm} (R0 + R1 + R2 there) is read only when the sustained current
     * {@linkplain #beyondIdentified exceeds the identified one}; a caller that reads the resistances
     * only then may pass anything otherwise.
     */
    public double biasSigma(double soc, double temperatureDegC, double sustainedCurrentA, double dcResistanceOhm) {
        return biasSigmaOf(
                biasSigmaV.value(soc, temperatureDegC),
                biasSigmaOhm.value(soc, temperatureDegC),
                sustainedCurrentA,
                dcResistanceOhm);
    }

    /**
     * {@link #biasSigma(double, double, double, double)} from the tables' figures at the point, for a
     * caller that has read them already: {@code restSigmaV} of {@link #biasSigmaV}, {@code loadSigmaOhm}
     * of {@link #biasSigmaOhm}.
     */
    public double biasSigmaOf(
            double restSigmaV, double loadSigmaOhm, double sustainedCurrentA, double dcResistanceOhm) {
        double magnitude = Math.abs(sustainedCurrentA);
        double within = Math.min(magnitude, identifiedSustainedCurrentA);
        double load = loadSigmaOhm * within;
        double beyond = magnitude > identifiedSustainedCurrentA
                ? dcResistanceOhm * (magnitude - identifiedSustainedCurrentA)
                : 0.0;
        return Math.sqrt(restSigmaV * restSigmaV + load * load + beyond * beyond);
    }

    /** Whether a sustained current exceeds the identified one, so that the DC resistance shapes the bias's spread. */
    public boolean beyondIdentified(double sustainedCurrentA) {
        return Math.abs(sustainedCurrentA) > identifiedSustainedCurrentA;
    }

    /**
     * 1σ of the fast voltage error with this overpotential (R0·i + v1 + v2, V) at this current, V. Within
     * the identified currents it is the fitted fraction of the overpotential; beyond them the model is
     * not known to hold (the cell may be diffusion-limited there), so it grows further with the overshoot.
     */
    public double fastSigmaV(double soc, double temperatureDegC, double currentA, double overpotentialV) {
        double magnitude = Math.abs(currentA);
        double beyond = magnitude > identifiedCurrentA ? magnitude / identifiedCurrentA : 1.0;
        return overpotentialSigmaFraction.value(soc, temperatureDegC) * Math.abs(overpotentialV) * beyond;
    }
}
