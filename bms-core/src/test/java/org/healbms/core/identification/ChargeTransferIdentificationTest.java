package org.healbms.core.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ChargeTransfer;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.SocTemperatureTable;
import org.junit.jupiter.api.Test;

class ChargeTransferIdentificationTest {

    private static final double CAPACITY_AH = 3.0;
    private static final double[] SOC = {0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0};
    private static final double[] OCV = {3.0, 3.3, 3.42, 3.52, 3.58, 3.63, 3.68, 3.76, 3.85, 3.94, 4.04, 4.1, 4.18};
    private static final double[] TEMPERATURES = {-10, 10, 25};
    /** The truth: I0 3 A at 25 degC with 60 kJ/mol, a 0.4 s lag, ohmic 20 mΩ at 25 degC doubling every 20 K down. */
    private static final double I0_25_A = 3.0;

    private static final double ACTIVATION_J_PER_MOL = 60_000;
    private static final double LAG_S = 0.4;
    private static final double R1_OHM = 0.015;
    private static final double TAU1_S = 10;
    private static final double R2_OHM = 0.020;
    private static final double TAU2_S = 300;

    private static double exchangeA(double degC) {
        return I0_25_A * Math.exp(-ACTIVATION_J_PER_MOL / 8.314462618 * (1 / (degC + 273.15) - 1 / 298.15));
    }

    private static double ohmic(double degC) {
        return 0.020 * Math.pow(2, (25 - degC) / 20);
    }

    /** The linear model identification would hand over: its R0 a compromise, its RC pairs the truth's. */
    private static CellParameters linearModel() {
        double[] ends = {0, 1};
        double[][] r0 = new double[TEMPERATURES.length][];
        for (int t = 0; t < r0.length; t++) {
            r0[t] = new double[] {2 * ohmic(TEMPERATURES[t]), 2 * ohmic(TEMPERATURES[t])};
        }
        double[][] ocv = {OCV, OCV, OCV};
        return new CellParameters(
                "synthetic Butler-Volmer NCA",
                new CellParameters.Charge(CAPACITY_AH, 1.0),
                new CellParameters.VoltageWindow(2.5, 4.2),
                new SocTemperatureTable(SOC, TEMPERATURES, ocv),
                new CellParameters.Impedance(
                        new SocTemperatureTable(ends, TEMPERATURES, r0),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(R1_OHM, 25), SocTemperatureTable.constant(TAU1_S, 25)),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(R2_OHM, 25), SocTemperatureTable.constant(TAU2_S, 25))),
                new CellParameters.Hysteresis(0.0, 0.0),
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(0.3, 5e-5),
                        new EstimatorNoise.PolarisationNoise(2e-4, 2e-4),
                        new EstimatorNoise.VoltageNoise(0.002, 0.0, 0.0, null),
                        EstimatorNoise.CapacityLearning.NONE,
                        EstimatorNoise.ResistanceLearning.NONE));
    }

    /**
     * An HPPC-like test at one temperature, logged at 10 Hz: 10 s discharge pulses at 0.5, 1, 2 and 4C
     * and charge pulses at 0.5 and 1C, each followed by 40 s of rest, repeated down from SoC 0.9; the
     * cell with the truth's charge transfer, 1 mV of voltage noise.
     */
    private static CellRecording pulses(double degC, long seed) {
        double[] rates = {-0.5, -1, -2, -4, 0.5, 1};
        double dt = 0.1;
        int perPulse = 500;
        int n = 8 * rates.length * perPulse;
        double[] time = new double[n];
        double[] current = new double[n];
        double[] voltage = new double[n];
        double[] temperature = new double[n];
        Arrays.fill(temperature, degC);
        Random noise = new Random(seed);
        double i0 = exchangeA(degC);
        double tafel = ChargeTransferIdentification.symmetricTafelV(degC);
        double soc = 0.9;
        double x1 = 0;
        double x2 = 0;
        double eta = 0;
        double lag = Math.exp(-dt / LAG_S);
        for (int k = 0; k < n; k++) {
            int inPulse = k % perPulse;
            double i = inPulse < 100 ? rates[(k / perPulse) % rates.length] * CAPACITY_AH : 0.0;
            time[k] = k * dt;
            current[k] = i;
            if (k > 0) {
                soc += i * dt / 3600 / CAPACITY_AH;
                x1 = Math.exp(-dt / TAU1_S) * x1 + (1 - Math.exp(-dt / TAU1_S)) * i;
                x2 = Math.exp(-dt / TAU2_S) * x2 + (1 - Math.exp(-dt / TAU2_S)) * i;
                eta = lag * eta + (1 - lag) * ChargeTransfer.overpotentialV(i, i0, tafel);
            }
            double ocv = SocTemperatureTable.ofSoc(SOC, degC, OCV).value(soc, degC);
            voltage[k] = ocv + ohmic(degC) * i + eta + R1_OHM * x1 + R2_OHM * x2 + 0.001 * noise.nextGaussian();
        }
        return new CellRecording(
                "pulses at " + degC + " degC",
                time,
                current,
                voltage,
                temperature,
                CellRecording.coulombCount(time, current),
                0.9);
    }

    /**
     * Pulses at several currents show the charge transfer's curvature: I0 at each temperature, its
     * Arrhenius law, the lag and the ohmic resistance beside it come back.
     */
    @Test
    void recoversTheExchangeCurrentAtEveryTemperature() {
        List<List<CellRecording>> groups = new ArrayList<>();
        for (int t = 0; t < TEMPERATURES.length; t++) {
            groups.add(List.of(pulses(TEMPERATURES[t], t)));
        }
        ChargeTransferIdentification.Result result =
                ChargeTransferIdentification.identify(groups, TEMPERATURES, linearModel());

        ChargeTransfer transfer = result.transfer();
        assertThat(transfer).as(result.note()).isNotNull();
        for (double degC : TEMPERATURES) {
            assertThat(transfer.exchangeCurrentA().value(0.5, degC))
                    .as("I0 at %s degC", degC)
                    .isCloseTo(exchangeA(degC), within(0.15 * exchangeA(degC)));
            assertThat(transfer.ohmicOhm().value(0.5, degC))
                    .as("ohmic at %s degC", degC)
                    .isCloseTo(ohmic(degC), within(0.1 * ohmic(degC)));
            assertThat(transfer.tafelV().value(0.5, degC))
                    .isCloseTo(ChargeTransferIdentification.symmetricTafelV(degC), within(1e-6));
            assertThat(transfer.tauS().value(0.5, degC)).isCloseTo(LAG_S, within(0.25));
        }
        // Between the rows I0 follows the law, not a straight line.
        assertThat(transfer.exchangeCurrentA().value(0.5, 0)).isCloseTo(exchangeA(0), within(0.15 * exchangeA(0)));
    }

    /** A cell whose response is linear in current (the same one without its charge transfer) has none to describe. */
    @Test
    void aLinearCellHasNone() {
        List<List<CellRecording>> groups = new ArrayList<>();
        for (int t = 0; t < TEMPERATURES.length; t++) {
            CellRecording r = pulses(TEMPERATURES[t], t);
            double[] v = r.voltageV().clone();
            double i0 = exchangeA(TEMPERATURES[t]);
            double tafel = ChargeTransferIdentification.symmetricTafelV(TEMPERATURES[t]);
            double eta = 0;
            double lag = Math.exp(-0.1 / LAG_S);
            for (int k = 1; k < v.length; k++) {
                eta = lag * eta + (1 - lag) * ChargeTransfer.overpotentialV(r.currentA()[k], i0, tafel);
                v[k] -= eta;
            }
            groups.add(List.of(new CellRecording(
                    r.name(), r.timeS(), r.currentA(), v, r.temperatureDegC(), r.chargeAh(), r.startSoc())));
        }
        ChargeTransferIdentification.Result result =
                ChargeTransferIdentification.identify(groups, TEMPERATURES, linearModel());

        assertThat(result.transfer()).as(result.note()).isNull();
    }
}
