package org.healbms.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FadeForecastBacktestTest {

    @Test
    void scoresEveryPrefixWhoseTargetHasBracketingCheckups() {
        List<CapacityCheckup> h = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            h.add(new CapacityCheckup(100 * i, 2.0 - 0.0004 * 100 * i));
        }
        var outcomes = new FadeForecastBacktest(new CapacityFadeForecaster(), 3, 50).run(h);
        // Prefixes of 3, 4 and 5 check-ups; the full history's target (cycle 550) is past the last check-up.
        assertThat(outcomes)
                .extracting(FadeForecastBacktest.Outcome::checkupsUsed)
                .containsExactly(3, 4, 5);
        assertThat(outcomes.getFirst().targetCycle()).isEqualTo(250.0);
        assertThat(outcomes.getFirst().measuredAh()).isCloseTo(1.9, within(1e-12));
        // An exact linear fade is forecast exactly, inside its interval.
        for (var o : outcomes) {
            assertThat(o.errorPercent()).isCloseTo(0, within(1e-9));
            assertThat(o.covered()).isTrue();
        }
        var s = FadeForecastBacktest.Summary.of(outcomes);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.coverage95()).isEqualTo(1.0);
    }

    @Test
    void summarisesAbsoluteErrors() {
        CapacityPrediction p = new CapacityPrediction(0, 1, 0.1, 0.8, 1.2);
        List<FadeForecastBacktest.Outcome> o = new ArrayList<>();
        for (double e : new double[] {-4, 1, 2, 3}) {
            o.add(new FadeForecastBacktest.Outcome(3, 0, 1, p, FadeLaw.LINEAR, e, e > 0));
        }
        var s = FadeForecastBacktest.Summary.of(o);
        assertThat(s.meanAbsErrorPercent()).isEqualTo(2.5);
        assertThat(s.medianAbsErrorPercent()).isEqualTo(2.5);
        assertThat(s.maxAbsErrorPercent()).isEqualTo(4.0);
        assertThat(s.p95AbsErrorPercent()).isCloseTo(3.85, within(1e-12));
        assertThat(s.coverage95()).isEqualTo(0.75);
        assertThatThrownBy(() -> FadeForecastBacktest.Summary.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
