package org.healbms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.SyntheticCells;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.core.estimation.ResistanceHealth;
import org.junit.jupiter.api.Test;

/**
 * Each detector on a synthetic trace with its degradation injected at a known time: it fires within
 * a stated delay, and on the same trace without the injection it never fires.
 */
class SignatureDetectorsTest {

    private static final long S = 1_000_000_000L;

    private static CellObservation obs(
            int cell, double soc, double t, double i, double rScale, double rSigma, double strain) {
        return new CellObservation(
                cell, soc, t, i, 3.0, rScale, rSigma, strain, 3.7, Double.NaN, ResistanceHealth.UNKNOWN);
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
        assertThat(PlatingRiskDetector.safeChargeCurrentA(5, 3.0)).isCloseTo(0.6, Assertions.within(1e-12));
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
            List<CellObservation> cells = List.of(new CellObservation(
                    1, 0.5, 25, 0, capacity, 1, 0.01, Double.NaN, 3.7, Double.NaN, ResistanceHealth.UNKNOWN));
            if (!d.update(cells, k * S).isEmpty()) {
                firedAt = k;
            }
        }
        // 90 % (2.70 Ah) is crossed at k = 150, then 60 s of persistence.
        assertThat(firedAt).isBetween(205, 215);
        CapacityFadeDetector healthy = new CapacityFadeDetector(60 * S, 3.0);
        for (int k = 0; k < 600; k++) {
            assertThat(healthy.update(
                            List.of(new CellObservation(
                                    1,
                                    0.5,
                                    25,
                                    0,
                                    2.95,
                                    1,
                                    0.01,
                                    Double.NaN,
                                    3.7,
                                    Double.NaN,
                                    ResistanceHealth.UNKNOWN)),
                            k * S))
                    .isEmpty();
        }
    }

    /** The synthetic NCA cell with these resistances (ohm) and time constants (s) at every SoC and temperature. */
    private static CellParameters withImpedance(double r0, double r1, double tau1, double r2, double tau2) {
        CellParameters nca = SyntheticCells.nca(0.005);
        double t = SyntheticCells.T;
        return new CellParameters(
                nca.name(),
                nca.charge(),
                nca.window(),
                nca.ocvV(),
                new CellParameters.Impedance(
                        SocTemperatureTable.constant(r0, t),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(r1, t), SocTemperatureTable.constant(tau1, t)),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(r2, t), SocTemperatureTable.constant(tau2, t))),
                nca.hysteresis(),
                nca.noise());
    }

    /**
     * A charge, 1C at -5 degC unless said otherwise, then a two-hour rest. The healthy relaxation is
     * two decaying exponentials, the cell model's (20 mOhm/40 s and 14 mOhm/600 s charged at 3 A for
     * 30 min); the plated cell adds a 30 mV stripping plateau that ends 15 min into the rest. Readings
     * are quantised to 1 mV with 0.5 mV of noise, at 1 Hz.
     */
    private static Long strippingFiredAt(boolean plated, double chargeAh, long seed) {
        return strippingFiredAt(plated, chargeAh, seed, -5.0, 3.0);
    }

    private static Long strippingFiredAt(
            boolean plated, double chargeAh, long seed, double temperatureDegC, double chargeA) {
        StrippingPlateauDetector d =
                new StrippingPlateauDetector(3.0, withImpedance(0.01, 0.02, 40, 0.04 / 3 / (1 - Math.exp(-3)), 600));
        Random noise = new Random(seed);
        double chargeS = chargeAh / chargeA * 3600;
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
                    1,
                    0.5,
                    temperatureDegC,
                    charging ? chargeA : 0.0,
                    3.0,
                    1,
                    0.01,
                    Double.NaN,
                    reading,
                    Double.NaN,
                    ResistanceHealth.UNKNOWN);
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
        // A 1C charge at 25 degC reaches the plating-safe current: a plateau after it is plating...
        assertThat(strippingFiredAt(true, 1.5, 1, 25.0, 3.0)).isNotNull();
        // ... after a C/2 charge at 25 degC the anode stayed well above lithium's potential: it is not.
        assertThat(strippingFiredAt(true, 1.5, 1, 25.0, 1.5)).isNull();
    }

    /**
     * A C/2 constant-current, constant-voltage charge to 4.2 V at this temperature (23 degC as every
     * evening on the lifetime bench), of a cell with the bundled NCR18650PF's impedance (R0 30 mOhm, 18 mOhm/19 s,
     * 62 mOhm/2500 s), times {@code agedBy}. The constant-voltage tail tapers below C/50 (the
     * detector's rest) with the voltage held, and the charger ends it at C/60: the ohmic and fast
     * drop of that last current is 2.4 mV within a minute, over 60 uV/s after a rest that had not
     * fallen at all. Readings as the bench's cell monitor gives them: 0.2 mV of noise, 0.1 mV steps;
     * the current with 2 mA of noise. Returns the detector, fed the charge and two hours of rest.
     */
    private static StrippingPlateauDetector afterAConstantVoltageCharge(double temperature, double agedBy, long seed) {
        CellParameters file = withImpedance(0.030, 0.018, 19, 0.062, 2500);
        CellParameters cell = withImpedance(0.030 * agedBy, 0.018 * agedBy, 19, 0.062 * agedBy, 2500);
        StrippingPlateauDetector d = new StrippingPlateauDetector(3.0, file);
        EquivalentCircuitCell truth = new EquivalentCircuitCell(cell, 0.3);
        Random noise = new Random(seed);
        double r0 = 0.030 * agedBy;
        boolean ended = false;
        for (int k = 0; k < 6 * 3600; k++) {
            double current = 0;
            if (!ended) {
                // The charger: C/2, or what holds the terminal voltage at 4.2 V; done below C/60.
                double open = truth.terminalVoltage(0, temperature);
                current = Math.min(1.5, (4.2 - open) / r0);
                ended = current < 3.0 / 60;
                current = ended ? 0 : current;
            }
            truth.step(1, current, temperature);
            double v = truth.terminalVoltage(current, temperature) + 0.0002 * noise.nextGaussian();
            var o = new CellObservation(
                    1,
                    truth.soc(),
                    temperature,
                    current + 0.002 * noise.nextGaussian(),
                    3.0,
                    1,
                    0.01,
                    Double.NaN,
                    Math.round(v * 1e4) / 1e4,
                    Double.NaN,
                    ResistanceHealth.UNKNOWN);
            assertThat(d.update(List.of(o), k * S))
                    .as("%.0f s into the charge, seed %d", (double) k, seed)
                    .isEmpty();
        }
        assertThat(ended).as("the charge ended").isTrue();
        return d;
    }

    @Test
    void theRelaxationAfterAWarmHalfCConstantVoltageChargeIsNotPlating() {
        // Against the cell file's model, with the cell's resistances 20 % under it to 30 % over it.
        for (long seed = 1; seed <= 3; seed++) {
            for (double agedBy : new double[] {0.8, 1.0, 1.3}) {
                assertThat(afterAConstantVoltageCharge(23.0, agedBy, seed).restsJudged())
                        .as("the rest was judged")
                        .isEqualTo(1);
                // At 10 degC a C/2 charge could plate, so only the model tells its relaxation from a plateau.
                assertThat(afterAConstantVoltageCharge(10.0, agedBy, seed).restsJudged())
                        .isEqualTo(1);
            }
        }
    }
}
