package org.healbms.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SocErrorStatisticsTest {

    @Test
    void separatesTheSettlingPeriodAndCountsCoverage() {
        SocErrorStatistics stats = new SocErrorStatistics(600);
        stats.add(0, 0.70, 0.10, 1.00); // -0.30, before settling
        stats.add(600, 0.99, 0.01, 1.00); // -0.01, covered by 3σ = 0.03
        stats.add(700, 0.95, 0.01, 0.99); // -0.04, not covered
        stats.add(800, Double.NaN, 0.01, 0.99); // ignored
        SocErrorSummary s = stats.summary();
        assertThat(s.maxAbsError()).isCloseTo(0.30, within(1e-12));
        assertThat(s.rmse()).isCloseTo(Math.sqrt((0.09 + 0.0001 + 0.0016) / 3), within(1e-12));
        assertThat(s.rmseAfterSettling()).isCloseTo(Math.sqrt((0.0001 + 0.0016) / 2), within(1e-12));
        assertThat(s.maxAbsErrorAfterSettling()).isCloseTo(0.04, within(1e-12));
        assertThat(s.sigma3Coverage()).isEqualTo(0.5);
        // the mean 3σ half-width counts the settled samples only: (0.03 + 0.03) / 2
        assertThat(s.sigma3MeanAfterSettling()).isCloseTo(0.03, within(1e-12));
    }

    @Test
    void reportsNanWhenNothingWasScored() {
        SocErrorSummary s = new SocErrorStatistics(600).summary();
        assertThat(s.rmse()).isNaN();
        assertThat(s.sigma3Coverage()).isNaN();
        assertThat(s.sigma3MeanAfterSettling()).isNaN();
    }
}
