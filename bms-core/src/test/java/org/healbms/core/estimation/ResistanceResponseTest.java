package org.healbms.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ChargeTransfer;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.SocTemperatureTable.TemperatureLaw;
import org.healbms.core.cell.SyntheticCells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResistanceResponseTest {

    private static final double[] SOC = {0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0};
    private static final double[] OCV = {3.0, 3.3, 3.42, 3.52, 3.58, 3.63, 3.68, 3.76, 3.85, 3.94, 4.04, 4.1, 4.18};
    private static final double[] TEMPERATURES = {-20, 0, 25};

    /**
     * A 3 Ah cell identified at -20, 0 and 25 degC, resistances and time constants Arrhenius in between,
     * with every resistance scaled by {@code ageing}: the new cell at 1, an aged one above.
     */
    private static CellParameters cell(double ageing) {
        return new CellParameters(
                "synthetic Arrhenius NCA",
                new CellParameters.Charge(3.0, 0.999),
                new CellParameters.VoltageWindow(2.5, 4.2),
                new SocTemperatureTable(SOC, TEMPERATURES, new double[][] {shifted(-0.02), shifted(-0.005), OCV}),
                new CellParameters.Impedance(
                        arrhenius(ageing * 0.100, ageing * 0.045, ageing * 0.025),
                        new CellParameters.RcPair(
                                arrhenius(ageing * 0.040, ageing * 0.020, ageing * 0.012), arrhenius(12, 10, 8)),
                        new CellParameters.RcPair(
                                arrhenius(ageing * 0.060, ageing * 0.030, ageing * 0.020), arrhenius(300, 200, 150))),
                new CellParameters.Hysteresis(0.030, 30.0),
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(0.3, 5e-5),
                        new EstimatorNoise.PolarisationNoise(2e-4, 2e-4),
                        new EstimatorNoise.VoltageNoise(0.005, 0.0, 0.0, null),
                        EstimatorNoise.CapacityLearning.NONE,
                        EstimatorNoise.ResistanceLearning.NONE));
    }

    private static double[] shifted(double volts) {
        double[] v = OCV.clone();
        for (int k = 0; k < v.length; k++) {
            v[k] += volts;
        }
        return v;
    }

    private static SocTemperatureTable arrhenius(double cold, double freezing, double warm) {
        return new SocTemperatureTable(
                new double[] {0, 1},
                TEMPERATURES,
                new double[][] {{cold, cold}, {freezing, freezing}, {warm, warm}},
                TemperatureLaw.ARRHENIUS);
    }

    /** Drives the cell down from nearly full at one temperature and returns the filter's reading. */
    private static ExtendedKalmanSocEstimator drive(CellParameters truthCell, double temperatureDegC, long seed) {
        ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(HealthLearning.enable(cell(1.0)));
        ekf.reset(0.7);
        EquivalentCircuitCell truth = new EquivalentCircuitCell(truthCell, 0.95);
        Random noise = new Random(seed);
        // Half the synthetic drive's current: at -20 degC its 3C peaks would take the cell below 2.5 V.
        double[] current = SyntheticCells.driveCurrent(3 * 3600, 1.5, seed);
        for (int k = 0; k < current.length && truth.soc() > 0.15; k++) {
            truth.step(1.0, current[k], temperatureDegC);
            double v = truth.terminalVoltage(current[k], temperatureDegC) + 0.002 * noise.nextGaussian();
            ekf.update(1.0, current[k], v, temperatureDegC);
        }
        return ekf;
    }

    /**
     * The new cell reads 1.00 at every temperature, a cell whose resistances grew by 30 % reads 1.30 at
     * every temperature, and each within its 3σ: the model at the same temperature is the reference.
     */
    @ParameterizedTest
    @ValueSource(doubles = {-20, -10, 0, 12, 25})
    void readsTheResistanceGrowthAtEveryTemperature(double temperatureDegC) {
        ExtendedKalmanSocEstimator fresh = drive(cell(1.0), temperatureDegC, 5);
        assertThat(fresh.resistanceHealth()).isCloseTo(1.0, within(0.03));
        assertThat(Math.abs(fresh.resistanceHealth() - 1.0)).isLessThan(3 * fresh.resistanceHealthSigma());

        ExtendedKalmanSocEstimator aged = drive(cell(1.3), temperatureDegC, 5);
        assertThat(aged.resistanceHealth()).isCloseTo(1.3, within(0.05));
        assertThat(Math.abs(aged.resistanceHealth() - 1.3)).isLessThan(3 * aged.resistanceHealthSigma());
        assertThat(aged.resistanceHealth() - 3 * aged.resistanceHealthSigma()).isGreaterThan(1.0);
    }

    /** 2RT/F at 25 degC, V. */
    private static final double SYMMETRIC_TAFEL_V = 2 * 298.15 * 8.314462618 / 96485.33212;

    private static final double EXCHANGE_A = 1.0;
    private static final double LAG_S = 0.4;
    private static final double OHMIC_OHM = 0.020;

    /**
     * A 3 Ah cell at 25 degC whose fast response is an ohmic 20 mΩ and a Butler-Volmer charge transfer
     * (I0 1 A, b = 2RT/F, 0.4 s lag): 46 mΩ in all at small currents, 28 mΩ at 4C. Its linear model's R0
     * is the chord at 1C; with {@code transfer} the file also describes the charge transfer.
     */
    private static CellParameters butlerVolmerCell(boolean transfer) {
        double t = SyntheticCells.T;
        double chord = OHMIC_OHM + ChargeTransfer.overpotentialV(3.0, EXCHANGE_A, SYMMETRIC_TAFEL_V) / 3.0;
        CellParameters linear = SyntheticCells.nca(0.005);
        CellParameters.Impedance z = linear.impedance();
        CellParameters file = new CellParameters(
                linear.name(),
                linear.charge(),
                linear.window(),
                linear.ocvV(),
                new CellParameters.Impedance(SocTemperatureTable.constant(chord, t), z.fast(), z.slow()),
                linear.hysteresis(),
                linear.noise());
        return transfer
                ? file.withChargeTransfer(new ChargeTransfer(
                        SocTemperatureTable.constant(OHMIC_OHM, t),
                        SocTemperatureTable.constant(EXCHANGE_A, t),
                        SocTemperatureTable.constant(SYMMETRIC_TAFEL_V, t),
                        SocTemperatureTable.constant(LAG_S, t)))
                : file;
    }

    /**
     * Drives the Butler-Volmer cell, every overpotential of it times {@code ageing}, with the synthetic
     * drive scaled to {@code scaleAh} (its mean discharge is C/2 of that), and returns the filter's reading.
     */
    private static double driveButlerVolmer(CellParameters file, double ageing, double scaleAh) {
        double t = SyntheticCells.T;
        CellParameters ohmicOnly = file.withChargeTransfer(null);
        CellParameters.Impedance z = ohmicOnly.impedance();
        CellParameters truthCell = new CellParameters(
                ohmicOnly.name(),
                ohmicOnly.charge(),
                ohmicOnly.window(),
                ohmicOnly.ocvV(),
                new CellParameters.Impedance(
                        SocTemperatureTable.constant(ageing * OHMIC_OHM, t),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(
                                        ageing * z.fast().rOhm().value(0.5, t), t),
                                z.fast().tauS()),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(
                                        ageing * z.slow().rOhm().value(0.5, t), t),
                                z.slow().tauS())),
                ohmicOnly.hysteresis(),
                ohmicOnly.noise());
        ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(HealthLearning.enable(file));
        ekf.reset(0.9);
        EquivalentCircuitCell truth = new EquivalentCircuitCell(truthCell, 0.95);
        Random noise = new Random(11);
        double[] current = SyntheticCells.driveCurrent(2 * 3600, scaleAh, 11);
        double eta = 0;
        double lag = Math.exp(-1.0 / LAG_S);
        for (int k = 0; k < current.length && truth.soc() > 0.2; k++) {
            truth.step(1.0, current[k], t);
            eta = lag * eta
                    + (1 - lag) * ageing * ChargeTransfer.overpotentialV(current[k], EXCHANGE_A, SYMMETRIC_TAFEL_V);
            double v = truth.terminalVoltage(current[k], t) + eta + 0.002 * noise.nextGaussian();
            ekf.update(1.0, current[k], v, t);
        }
        return ekf.resistanceHealth();
    }

    /**
     * Gentle driving (up to 0.5C) and hard driving (up to 4C) of the new cell both read 1.00 against the
     * charge transfer; the linear model's compromise R0 reads the one high and the other low. A cell
     * whose every overpotential grew by 20 % reads 1.2 at either.
     */
    @Test
    void readsTheNewCellAsNewAtEveryCurrentLevel() {
        double gentle = driveButlerVolmer(butlerVolmerCell(true), 1.0, 0.5);
        double hard = driveButlerVolmer(butlerVolmerCell(true), 1.0, 4.0);
        assertThat(gentle).isCloseTo(1.0, within(0.03));
        assertThat(hard).isCloseTo(1.0, within(0.03));

        double gentleLinear = driveButlerVolmer(butlerVolmerCell(false), 1.0, 0.5);
        double hardLinear = driveButlerVolmer(butlerVolmerCell(false), 1.0, 4.0);
        assertThat(gentleLinear - hardLinear).isGreaterThan(0.1);

        assertThat(driveButlerVolmer(butlerVolmerCell(true), 1.2, 0.5)).isCloseTo(1.2, within(0.04));
        assertThat(driveButlerVolmer(butlerVolmerCell(true), 1.2, 4.0)).isCloseTo(1.2, within(0.04));
    }

    /** The regression takes out the OCV's change along the charge and sees only the response's scale. */
    @Test
    void measuresTheScaleOfTheResponseNotTheOcvDrift() {
        ResistanceResponse response = new ResistanceResponse(5, 60, 36_000);
        Random random = new Random(3);
        double charge = 0;
        double current = -1;
        for (int k = 0; k < 7200; k++) {
            if (k % 20 == 0) {
                current = -3 * random.nextDouble();
            }
            charge += current / 3600 / 3.0;
            double model = 0.03 * current;
            double voltage = 3.7 + 0.8 * charge + 1.2 * model + 0.001 * random.nextGaussian();
            response.add(1.0, voltage, model, charge, 0.8);
        }
        assertThat(response.ratio()).isCloseTo(1.2, within(0.01));
        assertThat(response.ratioSigma()).isPositive().isLessThan(0.01);
    }

    /**
     * Hours at rest after a drive, the current sensor's few milliamps of noise on the reading: with a
     * short memory, blocks of that noise used to fade the drive's and leave their ratio; they carry no
     * excitation and do not count.
     */
    @Test
    void restAfterADriveDoesNotFadeWhatTheDriveMeasured() {
        ResistanceResponse response = new ResistanceResponse(5, 60, 300);
        Random random = new Random(5);
        double current = -1;
        for (int k = 0; k < 1800; k++) {
            if (k % 20 == 0) {
                current = -3 * random.nextDouble();
            }
            double model = 0.03 * current;
            response.add(1.0, 3.7 + 1.2 * model + 0.0002 * random.nextGaussian(), model, 0, 0.8);
        }
        assertThat(response.ratio()).isCloseTo(1.2, within(0.01));
        for (int k = 0; k < 4 * 3600; k++) {
            double model = 0.03 * 0.002 * random.nextGaussian();
            response.add(1.0, 3.7 + 0.0002 * random.nextGaussian(), model, 0, 0.8);
        }
        assertThat(response.ratio()).isCloseTo(1.2, within(0.01));
    }

    /**
     * A log too coarse to resolve the window (10 s samples of a constant-current test) gives no reading:
     * unknown, not a guess.
     */
    @Test
    void aCoarseLogGivesNoReading() {
        ResistanceResponse response = new ResistanceResponse(5, 60, 36_000);
        for (int k = 0; k < 360; k++) {
            response.add(10.0, 3.9 - 0.0001 * k, -0.09, -k * 0.0027, 0.8);
        }
        assertThat(response.ratio()).isNaN();
        assertThat(response.ratioSigma()).isNaN();
    }

    /** Without resistance tracking there is no reading. */
    @Test
    void notMeasuredUnlessAsked() {
        ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(cell(1.0));
        ekf.update(1.0, -3.0, 3.5, 25);
        assertThat(ekf.resistanceHealth()).isNaN();
        assertThat(ekf.resistanceHealthSigma()).isNaN();
    }
}
