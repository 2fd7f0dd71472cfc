package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ohmic resistance each temperature group is expected to have from all the groups together: at
 * each SoC node, ln R0 = a + b/T (Arrhenius, b ≥ 0: a cell does not get less resistive as it cools),
 * fitted by Theil-Sen (the median of the slopes between every pair of groups, then the median
 * intercept), so one group whose fit traded R0 for a fast RC pair does not move the line.
 */
final class R0AcrossTemperature {

    private static final double KELVIN = 273.15;
    /** Fewer groups than this cannot show an outlier: the line passes through them. */
    static final int MIN_GROUPS = 3;

    private R0AcrossTemperature() {}

    /** R0 per group and SoC node expected from the law, or null with fewer than MIN_GROUPS groups. */
    static double[][] priors(List<TemperatureFit> fits) {
        int n = fits.size();
        if (n < MIN_GROUPS) {
            return null;
        }
        int nodes = fits.getFirst().parameters().r0Ohm().length;
        double[] x = new double[n];
        for (int g = 0; g < n; g++) {
            x[g] = 1.0 / (fits.get(g).temperatureDegC() + KELVIN);
        }
        double[][] priors = new double[n][nodes];
        for (int j = 0; j < nodes; j++) {
            double[] y = new double[n];
            boolean positive = true;
            for (int g = 0; g < n; g++) {
                double r = fits.get(g).parameters().r0Ohm()[j];
                positive &= r > 0;
                y[g] = positive ? Math.log(r) : 0.0;
            }
            if (!positive) {
                continue; // no logarithm: leave this node without a prior (weight 0)
            }
            List<Double> slopes = new ArrayList<>();
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    if (x[a] != x[b]) {
                        slopes.add((y[b] - y[a]) / (x[b] - x[a]));
                    }
                }
            }
            double slope = Math.max(
                    median(slopes.stream().mapToDouble(Double::doubleValue).toArray()), 0.0);
            double[] intercepts = new double[n];
            for (int g = 0; g < n; g++) {
                intercepts[g] = y[g] - slope * x[g];
            }
            double intercept = median(intercepts);
            for (int g = 0; g < n; g++) {
                priors[g][j] = Math.exp(intercept + slope * x[g]);
            }
        }
        return priors;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);
    }
}
