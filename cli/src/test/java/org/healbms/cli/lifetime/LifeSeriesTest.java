package org.healbms.cli.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The life to 80 % is the fitted fade's, and the capacity errors are the estimator's against the truth. */
class LifeSeriesTest {

    private static LifeSeries series(double a, double b, double estimateBias) {
        LifeSeries s = new LifeSeries(2, 3.0);
        for (int d = 0; d <= 365; d++) {
            double weak = 3.0 * (1 - a * Math.sqrt(d) - b * d);
            double strong = weak + 0.05;
            s.add(new LifeSeries.Sample(
                    d * 86_400.0,
                    new double[] {strong, weak},
                    new double[] {1.0, 1.0},
                    new double[] {strong + estimateBias, weak - estimateBias},
                    new double[] {1.0, 1.0}));
        }
        return s;
    }

    @Test
    void theWeakestCellsFadeIsFittedAndSolvedForEightyPercent() {
        // 1 - 0.004 sqrt(d) - 0.0001 d = 0.8  <=>  x = sqrt(d) = (-0.004 + sqrt(0.004^2 + 4e-4 * 0.2)) / 2e-4
        double x = (-0.004 + Math.sqrt(0.004 * 0.004 + 4 * 1e-4 * 0.2)) / (2 * 1e-4);
        assertThat(series(0.004, 1e-4, 0).daysToRetention(0.8)).isCloseTo(x * x, within(1e-6 * x * x));
        assertThat(series(0.004, 0, 0).daysToRetention(0.8)).isCloseTo(2500.0, within(1e-6));
        assertThat(series(0, 0, 0).daysToRetention(0.8)).isNaN();
    }

    @Test
    void capacityErrorsAreFractionsOfTheRatedCapacity() {
        LifeSeries s = series(0.004, 1e-4, 0.03);
        assertThat(s.sohCapacityRmse()).isCloseTo(0.01, within(1e-12));
        assertThat(s.sohCapacityMax()).isCloseTo(0.01, within(1e-12));
    }
}
