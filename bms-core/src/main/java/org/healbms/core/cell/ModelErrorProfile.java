package org.healbms.core.cell;

import java.util.Objects;

/**
 * Where and how much the cell model's voltage is wrong, as measured on the tests it was identified
 * from: the filter trusts the model as far as these say, per temperature and per SoC region, instead
 * of everywhere as little as where it is worst.
 *
 * <p>The model's voltage error is split by time scale, because the two parts do different harm. A
 * fast part (a resistance or RC time constant a little off, seen on every current step) averages out
 * over a few seconds and is a measurement noise; it grows with the current, as a resistance error
 * does. A slow part (polarisation the model lacks, an OCV a few millivolts off in a SoC region) lasts
 * minutes and is indistinguishable in one sample from a SoC error: the filter carries it as its
 * voltage-bias state, a first-order Gauss-Markov process whose stationary spread and correlation time
 * are those of the slow error. Unlike a random walk its variance is bounded by what the model's error
 * actually was, so the SoC bound stops growing once the bias is as uncertain as the model is wrong.
 *
 * @param biasSigmaV        stationary 1σ of the slow voltage error over SoC and temperature, V
 * @param biasCorrelationS  how long the slow error stays correlated, s
 * @param fastSigmaOhm      1σ of the fast voltage error per ampere over SoC and temperature, Ω
 * @param identifiedCurrentA the largest current magnitude the model was identified at, A: beyond it
 *                          the fast error is extrapolated (it grows further with current, see
 *                          {@link #fastSigmaV})
 */
public record ModelErrorProfile(SocTemperatureTable biasSigmaV, double biasCorrelationS,
                                SocTemperatureTable fastSigmaOhm, double identifiedCurrentA) {

    public ModelErrorProfile {
        Objects.requireNonNull(biasSigmaV, "voltage_bias_sigma_v");
        Objects.requireNonNull(fastSigmaOhm, "voltage_sigma_ohm");
        if (!(biasSigmaV.min() > 0)) {
            throw new IllegalArgumentException("voltage_bias_sigma_v values must be > 0, got minimum " + biasSigmaV.min());
        }
        if (!(fastSigmaOhm.min() >= 0)) {
            throw new IllegalArgumentException("voltage_sigma_ohm values must be >= 0, got minimum " + fastSigmaOhm.min());
        }
        if (!(biasCorrelationS > 0) || !Double.isFinite(biasCorrelationS)) {
            throw new IllegalArgumentException("voltage_bias_correlation_s must be a positive number, got " + biasCorrelationS);
        }
        if (!(identifiedCurrentA > 0) || !Double.isFinite(identifiedCurrentA)) {
            throw new IllegalArgumentException("identified_current_a must be a positive number, got " + identifiedCurrentA);
        }
    }

    /** Stationary 1σ of the slow voltage error at this SoC and temperature, V. */
    public double biasSigma(double soc, double temperatureDegC) {
        return biasSigmaV.value(soc, temperatureDegC);
    }

    /**
     * 1σ of the fast voltage error at this current, V. Within the identified currents it is the fitted
     * per-ampere error times |i|; beyond them the resistance error is not known to stay proportional
     * (the cell may be diffusion-limited there), so it grows with the square of the overshoot.
     */
    public double fastSigmaV(double soc, double temperatureDegC, double currentA) {
        double magnitude = Math.abs(currentA);
        double beyond = magnitude > identifiedCurrentA ? magnitude / identifiedCurrentA : 1.0;
        return fastSigmaOhm.value(soc, temperatureDegC) * magnitude * beyond;
    }
}
