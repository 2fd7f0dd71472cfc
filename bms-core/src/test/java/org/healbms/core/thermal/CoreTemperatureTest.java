package org.healbms.core.thermal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A synthetic 18650 with known thermal parameters under a drive-cycle-like heat load. */
class CoreTemperatureTest {

    private static final TwoNodeThermalModel TRUTH = new TwoNodeThermalModel(55, 6, 3.0, 12);

    private static double heat(int k, Random r) {
        // 0-2 W in bursts, as a cell on a drive cycle makes
        return k % 400 < 300 ? Math.abs(1.2 + 0.8 * r.nextGaussian()) : 0.05;
    }

    @Test
    void theFitExplainsTheSurfaceAndTheFilterFindsTheCoreWithinItsBound() {
        int n = 4000;
        double[] time = new double[n];
        double[] heat = new double[n];
        double[] ambient = new double[n];
        double[] surface = new double[n];
        double[] core = new double[n];
        Random r = new Random(3);
        double[] t = {25, 25};
        for (int k = 0; k < n; k++) {
            time[k] = k;
            heat[k] = heat(k, r);
            ambient[k] = 25;
            if (k > 0) {
                TRUTH.step(t, heat[k], 25, 1.0);
            }
            core[k] = t[0];
            surface[k] = t[1] + 0.05 * r.nextGaussian();
        }
        // The core's capacity and conduction from mass and geometry, 20 % off the truth, as they would be.
        ThermalIdentification.Result fit = ThermalIdentification.fit(time, heat, ambient, surface, 45, 2.5);
        // The sensor noise (0.05 K) plus what the 20 % wrong core parameters cost the surface.
        assertThat(fit.surfaceRmseK()).isLessThan(0.2);
        assertThat(fit.model().surfaceToAmbientKPerW()).isCloseTo(12, within(1.5));

        // Process noise sized for parameters known to 20 %, so the bound stays honest.
        CoreTemperatureEstimator filter = new CoreTemperatureEstimator(fit.model(), 0.03, 0.1, surface[0]);
        double worst = 0;
        int covered = 0;
        for (int k = 1; k < n; k++) {
            filter.update(1.0, heat[k], 25, surface[k]);
            double error = Math.abs(filter.coreDegC() - core[k]);
            worst = Math.max(worst, error);
            if (k > 100 && error <= 3 * filter.coreSigmaK() + 0.3) {
                covered++;
            }
        }
        // The core runs several kelvin above the can; the filter sees it from the surface and the heat.
        assertThat(core[n - 1] - surface[n - 1]).isGreaterThan(2.0);
        assertThat(worst).isLessThan(1.5);
        assertThat(covered / (double) (n - 101)).isGreaterThan(0.95);
    }

    @Test
    void implicitStepsAreStableForLongGaps() {
        double[] t = {40, 30};
        TRUTH.step(t, 0, 25, 3600 * 10); // a ten-hour gap in a log
        assertThat(t[0]).isCloseTo(25, within(0.01));
        assertThat(t[1]).isCloseTo(25, within(0.01));
    }
}
