package org.healbms.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.ModelErrorProfile;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.cell.SyntheticCells;
import org.junit.jupiter.api.Test;

/** Strain as a second measurement of SoC, on a synthetic cell whose gauge has an unknown zero. */
class StrainMeasurementTest {

    private static final double T = SyntheticCells.T;
    /** A breathing curve shaped like the Samsung 30Q's: flat near full, a dip at mid SoC, a rise to empty. */
    private static final double[] SOC = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private static final double[] G = {
        -90e-6, -100e-6, -160e-6, -200e-6, -230e-6, -180e-6, -100e-6, -30e-6, 0, 10e-6, 20e-6
    };

    private static StrainResponse gauge(double offsetSigma) {
        // 5 µε of gauge noise correlated over five minutes, as a real gauge's error about its curve is.
        return new StrainResponse(SOC, G, T, 5e-6, 5e-6, 300.0, offsetSigma, 0.0);
    }

    /**
     * The filter's model underrates R0 by 40 % (as a model from a cooler cell would): voltage alone
     * drifts at high current. Its noise says so, as identification would from the fit error: 30 mV,
     * correlated over ten minutes, with the bias state on.
     */
    private static CellParameters wrongResistance(CellParameters p) {
        EstimatorNoise n = p.noise();
        return new CellParameters(
                p.name(),
                new CellParameters.Charge(p.capacityAh(), p.coulombicEfficiency()),
                new CellParameters.VoltageWindow(p.minVoltageV(), p.maxVoltageV()),
                p.ocvV(),
                new CellParameters.Impedance(
                        SocTemperatureTable.constant(0.6 * p.r0Ohm().value(0.5, T), T),
                        new CellParameters.RcPair(p.r1Ohm(), p.tau1S()),
                        new CellParameters.RcPair(p.r2Ohm(), p.tau2S())),
                new CellParameters.Hysteresis(p.hysteresisV(), p.hysteresisRate()),
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(n.initialSocSigma(), n.socProcessSigmaPerSqrtS()),
                        new EstimatorNoise.PolarisationNoise(
                                n.rcVoltageProcessSigmaPerSqrtS(), n.hysteresisProcessSigmaPerSqrtS()),
                        new EstimatorNoise.VoltageNoise(0.030, 600, 0.030 / Math.sqrt(600), null),
                        EstimatorNoise.CapacityLearning.NONE,
                        EstimatorNoise.ResistanceLearning.NONE));
    }

    private record Run(double worstSoc, double coverage, ExtendedKalmanSocEstimator filter) {}

    private static Run run(StrainResponse strain, double trueOffset, boolean glitches) {
        CellParameters truthModel = SyntheticCells.nca(0.005);
        EquivalentCircuitCell truth = new EquivalentCircuitCell(truthModel, 1.0);
        ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(wrongResistance(truthModel), strain);
        ekf.reset(0.7);
        Random noise = new Random(5);
        StrainResponse truthGauge = gauge(0);
        double worst = 0;
        long scored = 0;
        long covered = 0;
        // A steady 2C discharge: the missing resistance is a steady voltage error the filter reads as SoC.
        double current = -2 * truthModel.capacityAh();
        for (int k = 0; truth.soc() > 0.05; k++) {
            truth.step(1.0, current, T);
            double v = truth.terminalVoltage(current, T) + 0.005 * noise.nextGaussian();
            double e = truthGauge.value(truth.soc(), T) + trueOffset + 5e-6 * noise.nextGaussian();
            if (glitches && k % 37 == 0) {
                e = 0.01; // a gauge that reads a wild value now and then
            }
            ekf.update(1.0, current, v, T);
            ekf.observeStrain(e, T);
            // Scored once the discharge reaches the dip of g, where strain says most; before it both
            // filters run on voltage alone (g is nearly flat near full and folds back at its dip).
            if (truth.soc() < 0.7) {
                double error = Math.abs(ekf.soc() - truth.soc());
                worst = Math.max(worst, error);
                scored++;
                if (error <= 3 * ekf.socSigma()) {
                    covered++;
                }
            }
        }
        return new Run(worst, (double) covered / scored, ekf);
    }

    /**
     * Saved and restored mid-discharge, a filter with a gauge continues exactly as one that never
     * stopped: the gauge zero, its variance and its covariances with the state are in the snapshot,
     * and so is the sustained current behind the model-error profile's bias spread.
     */
    @Test
    void aRestoredFilterWithAGaugeContinuesExactly() {
        CellParameters truthModel = SyntheticCells.nca(0.005);
        ModelErrorProfile profile = new ModelErrorProfile(
                SocTemperatureTable.constant(0.01, T),
                SocTemperatureTable.constant(0.005, T),
                900.0,
                SocTemperatureTable.constant(0.05, T),
                9.0,
                2.0);
        CellParameters model = wrongResistance(truthModel);
        model = model.withNoise(model.noise().withModelError(profile, 0.003, 20.0, 0.0));
        EquivalentCircuitCell truth = new EquivalentCircuitCell(truthModel, 1.0);
        Random noise = new Random(11);
        int steps = 2400;
        double[] current = new double[steps];
        double[] voltage = new double[steps];
        double[] strain = new double[steps];
        StrainResponse truthGauge = gauge(0);
        for (int k = 0; k < steps; k++) {
            current[k] = k % 600 < 450 ? -2 * truthModel.capacityAh() : 0.0;
            truth.step(1.0, current[k], T);
            voltage[k] = truth.terminalVoltage(current[k], T) + 0.005 * noise.nextGaussian();
            strain[k] = truthGauge.value(truth.soc(), T) + 30e-6 + 5e-6 * noise.nextGaussian();
        }
        ExtendedKalmanSocEstimator running = new ExtendedKalmanSocEstimator(model, gauge(40e-6));
        running.reset(0.9);
        int stop = 1500;
        for (int k = 0; k < stop; k++) {
            running.update(1.0, current[k], voltage[k], T);
            running.observeStrain(strain[k], T);
        }
        // It has learned something of the zero, so a restore that dropped it would show.
        assertThat(running.strainOffsetSigma()).isLessThan(0.9 * 40e-6);
        FilterState saved = running.state();
        ExtendedKalmanSocEstimator restarted = new ExtendedKalmanSocEstimator(model, gauge(40e-6));
        restarted.reset(0.5);
        restarted.restore(saved);
        for (int k = stop; k < steps; k++) {
            running.update(1.0, current[k], voltage[k], T);
            running.observeStrain(strain[k], T);
            restarted.update(1.0, current[k], voltage[k], T);
            restarted.observeStrain(strain[k], T);
        }
        assertThat(restarted.soc()).isEqualTo(running.soc());
        assertThat(restarted.strainOffset()).isEqualTo(running.strainOffset());
        assertThat(restarted.strainOffsetSigma()).isEqualTo(running.strainOffsetSigma());
        FilterState a = running.state();
        FilterState b = restarted.state();
        assertThat(b.state()).containsExactly(a.state());
        assertThat(b.covariance()).containsExactly(a.covariance());
        assertThat(b.strainZero().covarianceWithState())
                .containsExactly(a.strainZero().covarianceWithState());
        assertThat(b.sustainedCurrentA()).isEqualTo(a.sustainedCurrentA());

        // A snapshot from before the zero was saved still restores; the zero starts again from its prior.
        ExtendedKalmanSocEstimator fromOld = new ExtendedKalmanSocEstimator(model, gauge(40e-6));
        fromOld.restore(new FilterState(
                saved.state(), saved.covariance(), saved.resistanceScale(), saved.resistanceScaleVariance()));
        assertThat(fromOld.soc()).isEqualTo(saved.state()[0]);
        assertThat(fromOld.strainOffset()).isZero();
        assertThat(fromOld.strainOffsetSigma()).isEqualTo(40e-6);
    }

    @Test
    void strainHoldsSocWhereTheVoltageModelIsWrongAndLearnsTheGaugeZero() {
        Run voltageOnly = run(null, 30e-6, false);
        Run withStrain = run(gauge(40e-6), 30e-6, false);
        assertThat(voltageOnly.worstSoc()).as("voltage alone, R0 40 % low").isGreaterThan(0.04);
        assertThat(withStrain.worstSoc()).as("with strain").isLessThan(0.025);
        assertThat(withStrain.coverage()).as("3-sigma coverage with strain").isGreaterThanOrEqualTo(0.95);
        assertThat(withStrain.filter().strainOffset())
                .isCloseTo(30e-6, within(3 * withStrain.filter().strainOffsetSigma()));
        assertThat(withStrain.filter().strainOffsetSigma()).isLessThan(40e-6);
    }

    @Test
    void wildGaugeReadingsAreIgnored() {
        Run clean = run(gauge(40e-6), 30e-6, false);
        Run glitching = run(gauge(40e-6), 30e-6, true);
        assertThat(glitching.worstSoc()).isLessThan(clean.worstSoc() + 0.01);
    }

    @Test
    void withoutAStrainModelReadingsChangeNothing() {
        CellParameters p = SyntheticCells.nca(0.005);
        ExtendedKalmanSocEstimator a = new ExtendedKalmanSocEstimator(p);
        ExtendedKalmanSocEstimator b = new ExtendedKalmanSocEstimator(p);
        a.reset(0.8);
        b.reset(0.8);
        for (int k = 0; k < 100; k++) {
            a.update(1.0, -3.0, 3.9, T);
            b.update(1.0, -3.0, 3.9, T);
            b.observeStrain(-100e-6, T);
        }
        assertThat(b.soc()).isEqualTo(a.soc());
        assertThat(b.socSigma()).isEqualTo(a.socSigma());
        assertThat(b.strainOffset()).isNaN();
    }

    @Test
    void responseInterpolatesAndRefusesWhatIsNotAStrainCurve() {
        StrainResponse g = gauge(40e-6);
        assertThat(g.breathing(0.45)).isCloseTo(-205e-6, within(1e-12));
        assertThat(g.socSlope(0.45)).isCloseTo(500e-6, within(1e-9));
        assertThat(g.value(0.45, T + 10)).isCloseTo(-155e-6, within(1e-12));
        assertThat(g.socSlope(1.2)).isZero();
        assertThatThrownBy(() ->
                        new StrainResponse(new double[] {0, 0.5, 0.4}, new double[] {0, 0, 0}, T, 0, 1e-6, 0, 0, 0))
                .hasMessageContaining("soc must rise strictly, but soc[2] = 0.4 follows 0.5");
        assertThatThrownBy(() -> new StrainResponse(new double[] {0, 1}, new double[] {0, 0.2}, T, 0, 1e-6, 0, 0, 0))
                .hasMessageContaining("strain_m_per_m[1]");
        assertThatThrownBy(() -> new StrainResponse(new double[] {0, 1}, new double[] {0, 0}, T, 0, 0, 0, 0, 0))
                .hasMessageContaining("noise_sigma must be > 0");
    }
}
