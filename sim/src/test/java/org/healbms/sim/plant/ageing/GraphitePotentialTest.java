package org.healbms.sim.plant.ageing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The tabulated graphite potential is the fit, and the fit is graphite's staircase. */
class GraphitePotentialTest {

    @Test
    void theTableReadsTheFitWithinATenthOfAMillivoltAboveOnePercent() {
        for (int k = 40; k <= 100_000; k++) {
            double soc = k / 100_000.0;
            assertThat(GraphitePotential.atSoc(soc))
                    .as("SoC %s", soc)
                    .isCloseTo(GraphitePotential.fit(soc), within(1e-4));
        }
    }

    @Test
    void thePotentialFallsFromDelithiatedToFullAndStaysPositive() {
        assertThat(GraphitePotential.atSoc(0.0)).isGreaterThan(0.6);
        assertThat(GraphitePotential.atSoc(0.5)).isCloseTo(0.123, within(0.005));
        assertThat(GraphitePotential.atSoc(1.0)).isBetween(0.08, 0.09);
        for (int k = 1; k <= 100; k++) {
            assertThat(GraphitePotential.atSoc(k / 100.0)).isLessThan(GraphitePotential.atSoc((k - 1) / 100.0));
        }
    }
}
