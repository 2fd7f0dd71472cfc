package org.healbms.core.impedance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImpedanceHistoryTest {

    static ImpedanceRecord record(long day, double soc, double degC, double rctOhm) {
        return new ImpedanceRecord(
                day * 86_400_000L,
                soc,
                degC,
                new CellImpedanceCircuit(1e-7, 0.018, 0.003, 1e-4, 0.8, rctOhm, 0.0055, 0.85, 0.003),
                0.002,
                24);
    }

    @Test
    void theFirstRecordUnderNewConditionsBecomesTheirBaselineAndLaterOnesCompareWithIt() {
        ImpedanceHistory h = new ImpedanceHistory(3);
        assertThat(h.add(record(0, 0.80, 25.0, 0.012))).isEmpty();
        assertThat(h.add(record(1, 0.85, 27.0, 0.013))).contains(record(0, 0.80, 25.0, 0.012));
        // 0.25 of SoC away and 10 K colder: neither is covered, each starts its own baseline.
        assertThat(h.add(record(2, 0.55, 25.0, 0.012))).isEmpty();
        assertThat(h.add(record(3, 0.80, 15.0, 0.030))).isEmpty();
        assertThat(h.baselines()).hasSize(3);
        // The window sits around the baseline: 29.9 degC still compares with the 25 degC one.
        assertThat(h.add(record(4, 0.80, 29.9, 0.011))).contains(record(0, 0.80, 25.0, 0.012));
    }

    @Test
    void boundedToTheRecentRecordsPlusTheBaselines() {
        ImpedanceHistory h = new ImpedanceHistory(3);
        for (int day = 0; day < 10; day++) {
            h.add(record(day, 0.8, 25.0, 0.012 + 0.0001 * day));
        }
        assertThat(h.recorded()).isEqualTo(10);
        assertThat(h.recent())
                .extracting(ImpedanceRecord::epochMs)
                .containsExactly(7 * 86_400_000L, 8 * 86_400_000L, 9 * 86_400_000L);
        assertThat(h.records()).hasSize(4).first().isEqualTo(record(0, 0.8, 25.0, 0.012));
        assertThat(h.size()).isEqualTo(4);
        assertThat(h.latest()).contains(record(9, 0.8, 25.0, 0.0129));
    }

    @Test
    void aRecordWithoutItsTemperatureIsKeptButNeverABaselineNorCompared() {
        ImpedanceHistory h = new ImpedanceHistory(5);
        h.add(record(0, 0.8, 25.0, 0.012));
        assertThat(h.add(record(1, 0.8, Double.NaN, 0.012))).isEmpty();
        assertThat(h.baselines()).hasSize(1);
        assertThat(h.recent()).hasSize(2);
    }

    @Test
    void aRestoredHistoryFindsTheSameBaselines() {
        ImpedanceHistory h = new ImpedanceHistory(2);
        for (int day = 0; day < 5; day++) {
            h.add(record(day, 0.8, 25.0, 0.012));
        }
        ImpedanceHistory restored = ImpedanceHistory.restore(2, h.baselines(), h.recent(), h.recorded());
        assertThat(restored.records()).isEqualTo(h.records());
        assertThat(restored.recorded()).isEqualTo(5);
        // The baseline is not its own baseline.
        assertThat(restored.baselineFor(record(0, 0.8, 25.0, 0.012))).isEmpty();
        assertThat(restored.baselineFor(record(4, 0.8, 25.0, 0.012))).contains(record(0, 0.8, 25.0, 0.012));
    }
}
