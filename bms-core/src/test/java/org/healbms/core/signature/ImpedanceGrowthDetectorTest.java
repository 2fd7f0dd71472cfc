package org.healbms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import java.util.Random;
import org.healbms.core.impedance.CellImpedanceCircuit;
import org.healbms.core.impedance.ImpedanceHistory;
import org.healbms.core.impedance.ImpedanceRecord;
import org.junit.jupiter.api.Test;

/** The detector on records as an impedance history hands them over; end to end with the emulated AD5941 in deploy. */
class ImpedanceGrowthDetectorTest {

    private static ImpedanceRecord sweep(int day, double degC, double r0, double rct) {
        return new ImpedanceRecord(
                day * 86_400_000L,
                0.8,
                degC,
                new CellImpedanceCircuit(1e-7, r0, 0.003, 1e-4, 0.8, rct, 0.0055, 0.85, 0.003),
                0.002,
                24);
    }

    private static Optional<DegradationSignature> feed(
            ImpedanceGrowthDetector d, ImpedanceHistory h, ImpedanceRecord r) {
        return d.update(1, r, h.add(r), r.epochMs() * 1_000_000L);
    }

    @Test
    void aStepInChargeTransferFiresAfterThePersistenceAndClearsWithHysteresis() {
        ImpedanceGrowthDetector d = new ImpedanceGrowthDetector(3);
        ImpedanceHistory h = new ImpedanceHistory(50);
        int day = 0;
        for (; day < 5; day++) {
            assertThat(feed(d, h, sweep(day, 25, 0.018, 0.012))).isEmpty();
        }
        assertThat(feed(d, h, sweep(day++, 25, 0.018, 0.016))).isEmpty(); // +33 %: first of three
        assertThat(feed(d, h, sweep(day++, 25, 0.018, 0.016))).isEmpty();
        DegradationSignature s = feed(d, h, sweep(day++, 25, 0.018, 0.016)).orElseThrow();
        assertThat(s.kind()).isEqualTo(SignatureKind.IMPEDANCE_GROWTH);
        assertThat(s.severity()).isCloseTo(0.333, within(0.01));
        assertThat(s.confidence()).isEqualTo(1.0);
        assertThat(s.evidence()).contains("R_ct 16.00 mOhm", "1.33 x its baseline 12.00 mOhm", "R_ohmic 1.00 x");
        assertThat(d.active()).containsExactly(s);
        // +20 %, between the thresholds: stays active, less sure.
        DegradationSignature held = feed(d, h, sweep(day++, 25, 0.018, 0.0144)).orElseThrow();
        assertThat(held.confidence()).isCloseTo(0.5, within(0.01));
        assertThat(held.sinceNanos()).isEqualTo(s.sinceNanos());
        for (int k = 0; k < 2; k++) {
            assertThat(feed(d, h, sweep(day++, 25, 0.018, 0.0125))).isPresent();
        }
        assertThat(feed(d, h, sweep(day++, 25, 0.018, 0.0125))).isEmpty();
        assertThat(d.active()).isEmpty();
    }

    @Test
    void ohmicGrowthFiresToo() {
        ImpedanceGrowthDetector d = new ImpedanceGrowthDetector(2);
        ImpedanceHistory h = new ImpedanceHistory(50);
        feed(d, h, sweep(0, 25, 0.018, 0.012));
        feed(d, h, sweep(1, 25, 0.024, 0.012));
        assertThat(feed(d, h, sweep(2, 25, 0.024, 0.012)))
                .get()
                .satisfies(s -> assertThat(s.evidence()).contains("R_ohmic 1.33 x baseline 18.00 mOhm"));
    }

    /** Sweep-to-sweep scatter of the fit (3 % in R_ct, 1 % in R_ohmic, 1 K) never fires it. */
    @Test
    void noiseOnlySweepsStayQuiet() {
        ImpedanceGrowthDetector d = new ImpedanceGrowthDetector(3);
        ImpedanceHistory h = new ImpedanceHistory(50);
        Random noise = new Random(11);
        for (int day = 0; day < 500; day++) {
            double degC = 25 + noise.nextGaussian();
            // The cell's true R_ct follows its temperature; the detector must correct for it.
            double rct = ImpedanceGrowthDetector.chargeTransferAt(sweep(0, 25, 0.018, 0.012), degC);
            assertThat(feed(
                            d,
                            h,
                            sweep(
                                    day,
                                    degC,
                                    0.018 * (1 + 0.01 * noise.nextGaussian()),
                                    rct * (1 + 0.03 * noise.nextGaussian()))))
                    .as("day %d", day)
                    .isEmpty();
        }
    }

    /** Warmer means a smaller R_ct: 4 K warmer reads about 25 % lower, which is not healing. */
    @Test
    void temperatureIsCorrectedWithTheArrheniusFactor() {
        ImpedanceRecord warm = sweep(1, 29, 0.018, 0.009);
        assertThat(ImpedanceGrowthDetector.chargeTransferAt(warm, 25.0)).isCloseTo(0.009 * 1.309, within(0.0001));
        ImpedanceGrowthDetector d = new ImpedanceGrowthDetector(1);
        ImpedanceHistory h = new ImpedanceHistory(50);
        feed(d, h, sweep(0, 25, 0.018, 0.012));
        // Measured 12 mOhm at 29 degC is 15.7 mOhm at 25: grown by 31 %.
        assertThat(feed(d, h, sweep(1, 29, 0.018, 0.012))).isPresent();
    }

    @Test
    void aSweepWithoutAComparableBaselineIsNoEvidence() {
        ImpedanceGrowthDetector d = new ImpedanceGrowthDetector(1);
        ImpedanceHistory h = new ImpedanceHistory(50);
        feed(d, h, sweep(0, 25, 0.018, 0.012));
        assertThat(feed(d, h, sweep(1, 10, 0.018, 0.040))).isEmpty(); // 15 K colder: its own baseline
        assertThat(h.baselines()).hasSize(2);
    }
}
