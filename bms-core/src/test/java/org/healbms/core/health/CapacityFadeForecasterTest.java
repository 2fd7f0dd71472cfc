package org.healbms.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class CapacityFadeForecasterTest {

    private final CapacityFadeForecaster forecaster = new CapacityFadeForecaster();

    private static List<CapacityCheckup> history(DoubleUnaryOperator law, double sigma, long seed, double... cycles) {
        Random rng = new Random(seed);
        List<CapacityCheckup> h = new ArrayList<>();
        for (double n : cycles) {
            h.add(new CapacityCheckup(n, law.applyAsDouble(n) + sigma * rng.nextGaussian()));
        }
        return h;
    }

    private static double[] every(double step, int count) {
        double[] c = new double[count];
        for (int i = 0; i < count; i++) {
            c[i] = i * step;
        }
        return c;
    }

    @Test
    void recoversTheCoefficientsOfANoisyLinearFade() {
        // Q = 1.8 Ah - 0.1 Ah per 1000 cycles
        List<CapacityCheckup> h = history(n -> 1.8 - 0.1e-3 * n, 0.002, 1, every(160, 12));
        FadeFit fit = forecaster.fit(h, FadeLaw.LINEAR);
        assertThat(fit.coefficients()[0]).isCloseTo(1.8, within(0.004));
        assertThat(fit.coefficients()[1]).isCloseTo(-0.1, within(0.006));
        assertThat(fit.residualSigmaAh()).isBetween(0.001, 0.004);
    }

    @Test
    void recoversTheCoefficientsOfASquareRootPlusLinearFade() {
        // Q = 1.83 - 0.09 sqrt(kcycles) - 0.05 kcycles: the early SEI shape
        DoubleUnaryOperator law = n -> 1.83 - 0.09 * Math.sqrt(n / 1000) - 0.05 * n / 1000;
        List<CapacityCheckup> h = history(law, 0.001, 2, every(100, 15));
        FadeFit fit = forecaster.fit(h, FadeLaw.SQRT_LINEAR);
        assertThat(fit.coefficients()[0]).isCloseTo(1.83, within(0.004));
        assertThat(fit.coefficients()[1]).isCloseTo(-0.09, within(0.015));
        assertThat(fit.coefficients()[2]).isCloseTo(-0.05, within(0.015));
    }

    @Test
    void findsTheKneeOfAnAcceleratingFade() {
        DoubleUnaryOperator law = n -> 1.8 - 0.05 * n / 1000 - (n > 1200 ? 0.5 * (n - 1200) / 1000 : 0);
        List<CapacityCheckup> h = history(law, 0.001, 3, every(150, 13));
        FadeFit fit = forecaster.fit(h, FadeLaw.SQRT_LINEAR_KNEE);
        assertThat(fit.kneeCycle()).isEqualTo(1200.0);
        assertThat(fit.coefficients()[3]).isCloseTo(-0.5, within(0.03));
        assertThat(fit.capacityAh(1900)).isCloseTo(law.applyAsDouble(1900), within(0.01));
    }

    @Test
    void theIntervalCoversTheNextCheckupAtItsStatedRate() {
        DoubleUnaryOperator law = n -> 1.8 - 0.12 * n / 1000;
        double sigma = 0.006;
        int covered = 0;
        int seeds = 200;
        for (int seed = 0; seed < seeds; seed++) {
            List<CapacityCheckup> h = history(law, sigma, 1000 + seed, every(160, 8));
            double target = h.getLast().cycle() + 50;
            CapacityPrediction p = forecaster.forecast(h, target).prediction();
            double measured = law.applyAsDouble(target) + sigma * new Random(seed).nextGaussian();
            if (p.covers(measured)) {
                covered++;
            }
            assertThat(p.lowerAh()).isLessThan(p.capacityAh());
            assertThat(p.upperAh()).isGreaterThan(p.capacityAh());
        }
        assertThat(covered / (double) seeds).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void predictsTheEightyPercentCycleOfALinearFade() {
        // 2.0 Ah losing 0.02 % per cycle reaches 1.6 Ah at cycle 1000.
        List<CapacityCheckup> h = history(n -> 2.0 * (1 - 0.0002 * n), 0, 0, every(100, 6));
        CapacityThresholdCrossing eol = forecaster.forecast(h, 550).endOfLife();
        assertThat(eol.status()).isEqualTo(CapacityThresholdCrossing.Status.PREDICTED);
        assertThat(eol.cycle()).isCloseTo(1000.0, within(0.5));
        assertThat(eol.earliestCycle()).isLessThanOrEqualTo(eol.cycle());
        assertThat(eol.latestCycle()).isGreaterThanOrEqualTo(eol.cycle()).isFinite();
        assertThat(forecaster.forecast(h, 550).prediction().capacityAh()).isCloseTo(1.78, within(1e-9));
    }

    @Test
    void reportsAnEightyPercentCrossingAlreadyInTheHistory() {
        List<CapacityCheckup> h =
                List.of(new CapacityCheckup(0, 2.0), new CapacityCheckup(500, 1.7), new CapacityCheckup(1000, 1.5));
        CapacityThresholdCrossing eol = forecaster.forecast(h, 1050).endOfLife();
        assertThat(eol.status()).isEqualTo(CapacityThresholdCrossing.Status.REACHED);
        assertThat(eol.cycle()).isCloseTo(750.0, within(1e-9));
    }

    @Test
    void saysNotWithinHorizonForASlowFade() {
        List<CapacityCheckup> h = history(n -> 2.0 * (1 - 0.00001 * n), 0, 0, every(100, 5));
        CapacityThresholdCrossing eol =
                new CapacityFadeForecaster(0.002, 3000).forecast(h, 450).endOfLife();
        assertThat(eol.status()).isEqualTo(CapacityThresholdCrossing.Status.NOT_WITHIN_HORIZON);
        assertThat(eol.cycle()).isNaN();
        assertThat(eol.latestCycle()).isInfinite();
        assertThat(eol.horizonCycle()).isEqualTo(3400.0);
    }

    @Test
    void followsTheRecentPaceByDefaultAndChoosesALawThatClearlyForecastsBetterWhenAsked() {
        // Fade slowed to a third of its early pace at 1000 cycles (the flattening after a knee).
        DoubleUnaryOperator slowing = n -> n < 1000 ? 1.8 - 0.3e-3 * n : 1.5 - 0.1e-3 * (n - 1000);
        List<CapacityCheckup> h = history(slowing, 0.0005, 5, every(200, 10));
        CapacityFadeForecast recent = forecaster.forecast(h, 1850);
        assertThat(recent.fit().law()).isEqualTo(FadeLaw.RECENT_LINEAR);
        assertThat(recent.prediction().capacityAh()).isCloseTo(slowing.applyAsDouble(1850), within(0.006));
        assertThat(recent.prediction().covers(slowing.applyAsDouble(1850))).isTrue();
        // A whole-history line would keep part of the early pace and forecast far too low.
        assertThat(forecaster.fit(h, FadeLaw.LINEAR).capacityAh(1850)).isLessThan(slowing.applyAsDouble(1850) - 0.02);

        // An accelerating fade that a square-root law follows and two points do not: asked to choose, it picks it.
        DoubleUnaryOperator early = n -> 1.83 - 0.09 * Math.sqrt(n / 1000) - 0.05 * n / 1000;
        List<CapacityCheckup> sqrt = history(early, 0.0001, 6, every(25, 14));
        FadeFit chosen = new CapacityFadeForecaster(null).bestFit(sqrt);
        assertThat(chosen.law()).isIn(FadeLaw.RECENT_LINEAR, FadeLaw.SQRT_LINEAR, FadeLaw.SQRT_LINEAR_KNEE);
        assertThat(chosen.capacityAh(375)).isCloseTo(early.applyAsDouble(375), within(0.004));
    }

    @Test
    void forecastsFromTwoCheckupsWithTheNoiseFloorAsScatter() {
        List<CapacityCheckup> h = List.of(new CapacityCheckup(0, 1.8), new CapacityCheckup(200, 1.76));
        CapacityFadeForecast f = forecaster.forecast(h, 250);
        assertThat(f.fit().law()).isEqualTo(FadeLaw.LINEAR);
        assertThat(f.prediction().capacityAh()).isCloseTo(1.75, within(1e-9));
        assertThat(f.fit().residualSigmaAh()).isCloseTo(0.002 * 1.8, within(1e-12));
        assertThat(f.prediction().upperAh() - f.prediction().lowerAh())
                .isPositive()
                .isLessThan(0.1);
    }

    @Test
    void refusesHistoriesItCannotForecastFrom() {
        assertThatThrownBy(() -> forecaster.forecast(List.of(), 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> forecaster.forecast(List.of(new CapacityCheckup(0, 1.8)), 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 check-up");
        assertThatThrownBy(() -> forecaster.forecast(
                        List.of(
                                new CapacityCheckup(0, 1.8),
                                new CapacityCheckup(100, 1.7),
                                new CapacityCheckup(100, 1.69)),
                        150))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must increase");
        assertThatThrownBy(() ->
                        forecaster.forecast(List.of(new CapacityCheckup(200, 1.8), new CapacityCheckup(100, 1.7)), 150))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must increase");
        assertThatThrownBy(() -> new CapacityCheckup(10, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new CapacityCheckup(10, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new CapacityCheckup(10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> new CapacityCheckup(10, -1.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> new CapacityCheckup(Double.NaN, 1.8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void studentQuantilesMatchTables() {
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.7062, within(1e-3));
        assertThat(StudentT.quantile(0.975, 5)).isCloseTo(2.5706, within(1e-3));
        assertThat(StudentT.quantile(0.975, 30)).isCloseTo(2.0423, within(1e-3));
        assertThat(StudentT.quantile(0.975, Double.POSITIVE_INFINITY)).isCloseTo(1.95996, within(1e-4));
    }
}
