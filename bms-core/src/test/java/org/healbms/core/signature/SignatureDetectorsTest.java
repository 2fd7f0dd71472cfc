package org.healbms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.SyntheticCells;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.junit.jupiter.api.Test;

/**
 * Each detector on a synthetic trace with its degradation injected at a known time: it fires within
 * a stated delay, and on the same trace without the injection it never fires.
 */
class SignatureDetectorsTest {

    private static final long S = 1_000_000_000L;

    private static CellObservation obs(
            int cell, double soc, double t, double i, double rScale, double rSigma, double strain) {
        return new CellObservation(cell, soc, t, i, 3.0, rScale, rSigma, strain, 3.7, Double.NaN);
    }

    @Test
    void aBlipShorterThanThePersistenceNeverFiresAndHysteresisHolds() {
        PersistentCondition c = new PersistentCondition(1.0, 0.8, 10 * S);
        for (int k = 0; k < 9; k++) {
            assertThat(c.update(2.0, k * S)).isFalse();
        }
        assertThat(c.update(0.5, 9 * S)).isFalse();
        for (int k = 10; k <= 20; k++) {
            c.update(2.0, k * S);
        }
        assertThat(c.active()).isTrue();
        for (int k = 21; k < 60; k++) {
            assertThat(c.update(0.9, k * S)).isTrue(); // between the thresholds: stays active
        }
        assertThat(c.update(Double.NaN, 60 * S)).isTrue();
    }

    /** Returns the seconds after the step at which the detector fired, or -1. */
    private static int resistanceRun(boolean step) {
        CellParameters model = SyntheticCells.nca(0.005);
        CellParameters tracking = model.withNoise(model.noise().withHealthLearning(0.0, 0.0, 0.3, 1e-3));
        EquivalentCircuitCell truth = new EquivalentCircuitCell(model, 1.0);
        ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(tracking);
        ekf.reset(0.9);
        ResistanceGrowthDetector detector = new ResistanceGrowthDetector(300 * S, 1800 * S);
        Random noise = new Random(29);
        double[] current = SyntheticCells.driveCurrent(5 * 3600, model.capacityAh(), 17);
        int stepAt = 3 * 3600;
        boolean charging = false;
        for (int k = 0; k < current.length; k++) {
            charging = charging ? truth.soc() < 0.9 : truth.soc() < 0.15;
            double i = charging ? 0.5 * model.capacityAh() : current[k];
            truth.step(1.0, i, 25);
            double extra = step && k >= stepAt ? 0.5 * 0.025 * i : 0.0;
            ekf.update(1.0, i, truth.terminalVoltage(i, 25) + extra + 0.005 * noise.nextGaussian(), 25);
            List<DegradationSignature> found = detector.update(
                    List.of(obs(1, ekf.soc(), 25, i, ekf.resistanceScale(), ekf.resistanceScaleSigma(), Double.NaN)),
                    k * S);
            if (!found.isEmpty()) {
                assertThat(found.getFirst().kind()).isEqualTo(SignatureKind.RESISTANCE_GROWTH);
                // Fired on the lower 2-sigma bound passing 1.2: the estimate itself is near +25 % by then.
                assertThat(found.getFirst().severity()).isBetween(0.3, 1.0);
                return k - stepAt;
            }
        }
        return -1;
    }

    @Test
    void resistanceGrowthFiresWithinFifteenMinutesOfAStepAndNeverWithoutOne() {
        assertThat(resistanceRun(true)).isBetween(300, 900);
        assertThat(resistanceRun(false)).isEqualTo(-1);
    }

    /** Cycling 20-90 % SoC with breathing strain; creep of 60 microstrain per hour from hour 10. */
    private static double swellingRun(boolean creep) {
        SwellingDetector detector = new SwellingDetector(3600 * S);
        Random noise = new Random(3);
        double creepStart = 10 * 3600;
        for (int k = 0; k < 30 * 3600; k += 10) {
            double phase = (k % 7200) / 7200.0;
            double soc = 0.2 + 0.7 * (phase < 0.5 ? 2 * phase : 2 - 2 * phase);
            double irreversible = creep && k > creepStart ? 60e-6 * (k - creepStart) / 3600 : 0;
            double strain = 1e-3 * soc + irreversible + 10e-6 * noise.nextGaussian();
            if (!detector.update(List.of(obs(2, soc, 25 + 0.5 * noise.nextGaussian(), 0, 1, 0, strain)), k * S)
                    .isEmpty()) {
                return (k - creepStart) / 3600.0;
            }
        }
        return -1;
    }

    @Test
    void swellingFiresHoursAfterCreepCrossesItsThresholdAndNeverOnBreathingAlone() {
        // 150 microstrain at 60/h is 2.5 h; smoothing (10 min) and persistence (1 h) add about 1.2 h.
        assertThat(swellingRun(true)).isBetween(3.0, 4.5);
        assertThat(swellingRun(false)).isEqualTo(-1);
    }

    private static int hotSpotRun(boolean heat) {
        HotSpotDetector detector = new HotSpotDetector(30 * S);
        Random noise = new Random(5);
        for (int k = 0; k < 3600; k++) {
            List<CellObservation> cells = new ArrayList<>();
            for (int c = 1; c <= 4; c++) {
                double t = 25 + 0.3 * noise.nextGaussian() + (heat && c == 3 && k > 600 ? (k - 600) / 120.0 : 0);
                cells.add(obs(c, 0.5, t, -2, 1, 0, Double.NaN));
            }
            List<DegradationSignature> found = detector.update(cells, k * S);
            if (!found.isEmpty()) {
                assertThat(found)
                        .singleElement()
                        .satisfies(s -> assertThat(s.cell()).isEqualTo(3));
                return k - 600;
            }
        }
        return -1;
    }

    @Test
    void aHotSpotIsFoundOnTheRightCellAndNoiseAloneFindsNone() {
        // 5 K at 0.5 K/min is 600 s, then 30 s of persistence; with 0.3 K of sensor noise the excess
        // crosses 5 K back and forth for a minute or two, and each dip restarts the persistence.
        assertThat(hotSpotRun(true)).isBetween(600, 800);
        assertThat(hotSpotRun(false)).isEqualTo(-1);
    }

    @Test
    void theMedianOfTheOthersFromOneSortIsTheMedianOfTheRestSortedAlone() {
        // Odd and even counts, repeated values (a pack at one temperature), the extremes left out.
        Random random = new Random(3);
        for (int n = 3; n <= 40; n++) {
            double[] all = new double[n];
            for (int k = 0; k < n; k++) {
                all[k] = k % 3 == 0 ? 25.0 : 25 + Math.round(10 * random.nextGaussian()) / 10.0;
            }
            double[] sorted = all.clone();
            Arrays.sort(sorted);
            for (double one : all) {
                double[] rest = new double[n - 1];
                int j = 0;
                boolean skipped = false;
                for (double t : all) {
                    if (!skipped && t == one) {
                        skipped = true;
                    } else {
                        rest[j++] = t;
                    }
                }
                Arrays.sort(rest);
                int m = rest.length;
                double expected = m % 2 == 1 ? rest[m / 2] : 0.5 * (rest[m / 2 - 1] + rest[m / 2]);
                assertThat(HotSpotDetector.medianWithout(sorted, n, one)).isEqualTo(expected);
            }
        }
    }

    @Test
    void platingRiskWhenChargingTooFastInTheColdNotOnShortRegenPulses() {
        PlatingRiskDetector cold = new PlatingRiskDetector(10 * S, 3.0);
        PlatingRiskDetector warm = new PlatingRiskDetector(10 * S, 3.0);
        PlatingRiskDetector pulses = new PlatingRiskDetector(10 * S, 3.0);
        assertThat(cold.safeChargeCurrentA(5, 3.0)).isCloseTo(0.6, Assertions.within(1e-12));
        int firedAt = -1;
        for (int k = 0; k < 600; k++) {
            // 1.5 A steady charge at 5 degC: 2.5 x the safe rate.
            if (firedAt < 0
                    && !cold.update(List.of(obs(1, 0.5, 5, 1.5, 1, 0, Double.NaN)), k * S)
                            .isEmpty()) {
                firedAt = k;
            }
            assertThat(warm.update(List.of(obs(1, 0.5, 25, 1.5, 1, 0, Double.NaN)), k * S))
                    .isEmpty();
            // Drive-cycle regen at 5 degC: 10 s of 3 A charge every minute, discharging between.
            double i = k % 60 < 10 ? 3.0 : -4.0;
            assertThat(pulses.update(List.of(obs(1, 0.5, 5, i, 1, 0, Double.NaN)), k * S))
                    .isEmpty();
        }
        // The 30 s mean passes 0.6 A after about 15 s, then 10 s of persistence.
        assertThat(firedAt).isBetween(20, 35);
    }

    @Test
    void capacityFadeFiresBelowNinetyPercentOfRatedAndNotAbove() {
        CapacityFadeDetector d = new CapacityFadeDetector(60 * S, 3.0);
        int firedAt = -1;
        for (int k = 0; k < 600 && firedAt < 0; k++) {
            double capacity = 2.85 - 0.001 * k; // 95 % falling to 75 %
            List<CellObservation> cells =
                    List.of(new CellObservation(1, 0.5, 25, 0, capacity, 1, 0.01, Double.NaN, 3.7, Double.NaN));
            if (!d.update(cells, k * S).isEmpty()) {
                firedAt = k;
            }
        }
        // 90 % (2.70 Ah) is crossed at k = 150, then 60 s of persistence.
        assertThat(firedAt).isBetween(205, 215);
        CapacityFadeDetector healthy = new CapacityFadeDetector(60 * S, 3.0);
        for (int k = 0; k < 600; k++) {
            assertThat(healthy.update(
                            List.of(new CellObservation(1, 0.5, 25, 0, 2.95, 1, 0.01, Double.NaN, 3.7, Double.NaN)),
                            k * S))
                    .isEmpty();
        }
    }

    /**
     * A 1C charge in the cold, then a two-hour rest. The healthy relaxation is two decaying
     * exponentials; the plated cell adds a 30 mV stripping plateau that ends 15 min into the rest.
     * Readings are quantised to 1 mV with 0.5 mV of noise, at 1 Hz.
     */
    private static Long strippingFiredAt(boolean plated, double chargeAh, long seed) {
        StrippingPlateauDetector d = new StrippingPlateauDetector(3.0);
        Random noise = new Random(seed);
        double chargeS = chargeAh / 3.0 * 3600;
        Long fired = null;
        for (int k = 0; k < chargeS + 7200; k++) {
            boolean charging = k < chargeS;
            double t = k - chargeS;
            double v = charging
                    ? 4.0 + 0.1 * k / chargeS
                    : 3.95
                            + 0.06 * Math.exp(-t / 40)
                            + 0.04 * Math.exp(-t / 600)
                            + (plated ? 0.03 / (1 + Math.exp((t - 900) / 60)) : 0.0);
            double reading = Math.round((v + 0.0005 * noise.nextGaussian()) * 1000) / 1000.0;
            var o = new CellObservation(
                    1, 0.5, -5.0, charging ? 3.0 : 0.0, 3.0, 1, 0.01, Double.NaN, reading, Double.NaN);
            if (!d.update(List.of(o), k * S).isEmpty() && fired == null) {
                fired = (long) t;
            }
        }
        return fired;
    }

    @Test
    void theEndOfAStrippingPlateauInTheRelaxationIsPlating() {
        for (long seed = 1; seed <= 5; seed++) {
            Long firedAt = strippingFiredAt(true, 1.5, seed);
            assertThat(firedAt).as("seed %d", seed).isNotNull().isBetween(780L, 1080L);
            assertThat(strippingFiredAt(false, 1.5, seed))
                    .as("healthy, seed %d", seed)
                    .isNull();
        }
        // A short charge (a regenerative pulse) is not followed up.
        assertThat(strippingFiredAt(true, 0.1, 1)).isNull();
    }
}
