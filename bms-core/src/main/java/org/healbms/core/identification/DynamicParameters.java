package org.healbms.core.identification;

/**
 * R0 over SoC, the two RC pairs, the hysteresis magnitude and rate, and a correction to the low-rate
 * OCV curve, fitted to dynamic tests.
 *
 * @param socNodes       SoC nodes of the piecewise-linear R0 and OCV-correction curves
 * @param r0Ohm          series resistance at each node, Ω
 * @param ocvOffsetV     correction added to the low-rate OCV centre line at each node, V
 * @param r1Ohm          fast RC resistance, Ω
 * @param tau1S          fast RC time constant, s
 * @param r2Ohm          slow RC resistance, Ω
 * @param tau2S          slow RC time constant, s
 * @param hysteresisV    hysteresis magnitude M, V
 * @param hysteresisRate hysteresis rate γ (dimensionless, per unit of SoC throughput)
 * @param rmseV          voltage RMSE of the fit over all samples used, V
 * @param samples        number of samples the fit used
 */
public record DynamicParameters(
        double[] socNodes,
        double[] r0Ohm,
        double[] ocvOffsetV,
        double r1Ohm,
        double tau1S,
        double r2Ohm,
        double tau2S,
        double hysteresisV,
        double hysteresisRate,
        double rmseV,
        long samples) {}
