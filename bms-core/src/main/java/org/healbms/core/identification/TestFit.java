package org.healbms.core.identification;

/**
 * How well a parameter set reproduces one recorded test's voltage.
 *
 * @param name           test name
 * @param samples        samples compared
 * @param rmseV          voltage RMSE, V
 * @param maxAbsErrorV   largest absolute voltage error, V
 * @param errorCorrelationS time over which the voltage error stays correlated (its autocorrelation
 *                       falls to 1/e), s; NaN if the test is too short to tell
 * @param timeS          time of each sample compared, s (the test's own, shared, not copied)
 * @param measuredV      measured voltage at each sample, V (shared, not copied)
 * @param modelVoltageV  model voltage at each sample (NaN where the sample was unusable), for overlays
 */
public record TestFit(
        String name,
        long samples,
        double rmseV,
        double maxAbsErrorV,
        double errorCorrelationS,
        double[] timeS,
        double[] measuredV,
        double[] modelVoltageV) {}
