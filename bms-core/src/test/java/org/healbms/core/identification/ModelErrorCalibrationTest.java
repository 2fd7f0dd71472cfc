package org.healbms.core.identification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.ModelErrorProfile;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.SyntheticCells;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.junit.jupiter.api.Test;

/**
 * Is the filter's bound calibrated when its noise comes from the model's residuals? A synthetic cell
 * with known errors: its voltage carries white sensor noise, a slow polarisation the model lacks (a
 * Gauss-Markov process) and an ohmic resistance 8 % above the model's; its current sensor reads with
 * an offset. The noise is derived from two identification drives; the filter then runs on other drives
 * from a wrong start, and its 3σ must cover the error at least 95 % of the time and be no more than
 * twice as wide as the error's own spread.
 */
class ModelErrorCalibrationTest {

    private static final double T = SyntheticCells.T;
    private static final double SENSOR_SIGMA_V = 0.003;
    private static final double SLOW_SIGMA_V = 0.008;
    private static final double SLOW_CORRELATION_S = 900.0;
    private static final double CURRENT_OFFSET_A = 0.005;
    private static final double RESISTANCE_ERROR = 1.08;
    /** Below this SoC the cell of {@link #simulate(long, int, boolean)} may run diffusion-limited. */
    private static final double COLLAPSE_SOC = 0.2;
    /** That overpotential 0.1 below it at 1C, V. */
    private static final double COLLAPSE_V = 0.5;

    /** What the synthetic cell did: the truth and what the instruments logged. */
    private record Run(
            double[] timeS, double[] measuredCurrentA, double[] voltageV, double[] trueSoc, double[] chargeAh) {}

    private static CellParameters model() {
        return SyntheticCells.nca(0.005);
    }

    private static CellParameters truthCell() {
        CellParameters m = model();
        return new CellParameters(
                m.name(),
                new CellParameters.Charge(m.capacityAh(), m.coulombicEfficiency()),
                new CellParameters.VoltageWindow(m.minVoltageV(), m.maxVoltageV()),
                m.ocvV(),
                new CellParameters.Impedance(
                        SocTemperatureTable.constant(0.025 * RESISTANCE_ERROR, T),
                        new CellParameters.RcPair(m.r1Ohm(), m.tau1S()),
                        new CellParameters.RcPair(m.r2Ohm(), m.tau2S())),
                new CellParameters.Hysteresis(m.hysteresisV(), m.hysteresisRate()),
                m.noise());
    }

    private static Run simulate(long seed, int seconds) {
        return simulate(seed, seconds, false);
    }

    /**
     * With {@code collapse}, the cell runs diffusion-limited below SoC {@value #COLLAPSE_SOC} on discharge,
     * as a cold cell does near empty: an overpotential the equivalent circuit lacks, growing to hundreds of
     * millivolts toward empty and with the current, building up and relaxing within a minute.
     */
    private static Run simulate(long seed, int seconds, boolean collapse) {
        CellParameters truthParameters = truthCell();
        EquivalentCircuitCell truth = new EquivalentCircuitCell(truthParameters, 1.0);
        truth.reset(1.0, truthParameters.hysteresisV()); // charged: the hysteresis sits at +M
        double[] current = SyntheticCells.driveCurrent(seconds, truthParameters.capacityAh(), seed);
        Random random = new Random(seed * 31 + 5);
        double slow = SLOW_SIGMA_V * random.nextGaussian();
        double decay = Math.exp(-1.0 / SLOW_CORRELATION_S);
        double diffusion = 0;
        double diffusionDecay = Math.exp(-1.0 / 60.0);
        int n = 0;
        double[] t = new double[seconds];
        double[] i = new double[seconds];
        double[] v = new double[seconds];
        double[] soc = new double[seconds];
        double[] q = new double[seconds];
        double charge = 0;
        for (int k = 0; k < seconds && truth.soc() > 0.08; k++) {
            truth.step(1.0, current[k], T);
            charge += current[k] / 3600.0;
            slow = decay * slow + SLOW_SIGMA_V * Math.sqrt(1 - decay * decay) * random.nextGaussian();
            double starved = collapse && current[k] < 0 ? Math.max(COLLAPSE_SOC - truth.soc(), 0) / 0.1 : 0.0;
            diffusion = diffusionDecay * diffusion
                    + (1 - diffusionDecay) * COLLAPSE_V * starved * current[k] / truthParameters.capacityAh();
            t[k] = k + 1;
            i[k] = current[k] + CURRENT_OFFSET_A;
            v[k] = truth.terminalVoltage(current[k], T) + slow + diffusion + SENSOR_SIGMA_V * random.nextGaussian();
            soc[k] = truth.soc();
            q[k] = charge;
            n = k + 1;
        }
        return new Run(
                Arrays.copyOf(t, n),
                Arrays.copyOf(i, n),
                Arrays.copyOf(v, n),
                Arrays.copyOf(soc, n),
                Arrays.copyOf(q, n));
    }

    private static ModelErrorIdentification.Result identification() {
        CellParameters m = model();
        List<CellRecording> tests = new ArrayList<>();
        for (long seed : new long[] {101, 102}) {
            Run r = simulate(seed, 4 * 3600);
            double[] temperature = new double[r.timeS().length];
            Arrays.fill(temperature, T);
            // The tester's own Ah counter, as a real identification file has it: true charge.
            tests.add(new CellRecording(
                    "drive " + seed, r.timeS(), r.measuredCurrentA(), r.voltageV(), temperature, r.chargeAh(), 1.0));
        }
        return ModelErrorIdentification.identify(List.of(tests), new double[] {T}, m, 0.002);
    }

    private static CellParameters calibrated() {
        CellParameters m = model();
        ModelErrorIdentification.Result result = identification();
        return m.withNoise(m.noise().withModelError(result.profile(), result.floorV(), result.fastCorrelationS(), 0.0));
    }

    @Test
    void findsTheSlowErrorItWasGiven() {
        ModelErrorProfile profile = calibrated().noise().modelError();
        // The slow error's spread in mid SoC, where every drive spends time: the Gauss-Markov error given
        // plus the slow part of the 8 % resistance error under an average C/2 discharge (about 1 mV).
        assertThat(profile.biasSigma(0.5, T, 0.0, 0.057)).isBetween(0.5 * SLOW_SIGMA_V, 1.6 * SLOW_SIGMA_V);
        assertThat(profile.biasCorrelationS()).isBetween(0.3 * SLOW_CORRELATION_S, 3 * SLOW_CORRELATION_S);
        // The fast error: the 8 % resistance error on the current's swings about its minute mean is one to a few
        // per cent of the overpotential R0·i + v1 + v2,
        // on a white floor of the sensor's 3 mV.
        assertThat(profile.overpotentialSigmaFraction().value(0.5, T)).isBetween(0.005, 0.1);
        ModelErrorIdentification.Result result = identification();
        assertThat(result.floorV()).isBetween(0.002, 2 * SENSOR_SIGMA_V);
    }

    /**
     * Pulses of 10 s every 10 minutes never hold a sustained load: their residuals say nothing of a
     * polarisation that builds up over a drive, so they give no profile; the drives do.
     */
    @Test
    void onlyTestsThatHeldASustainedLoadGiveAProfile() {
        CellParameters m = model();
        int seconds = 6 * 3600;
        double[] t = new double[seconds];
        double[] i = new double[seconds];
        double[] v = new double[seconds];
        double[] temperature = new double[seconds];
        double[] q = new double[seconds];
        EquivalentCircuitCell cell = new EquivalentCircuitCell(m, 0.9);
        for (int k = 0; k < seconds; k++) {
            i[k] = k % 600 < 10 ? -3 * m.capacityAh() : 0.0;
            cell.step(1.0, i[k], T);
            t[k] = k + 1;
            v[k] = cell.terminalVoltage(i[k], T);
            temperature[k] = T;
            q[k] = (k == 0 ? 0 : q[k - 1]) + i[k] / 3600.0;
        }
        CellRecording pulses = new CellRecording("pulses", t, i, v, temperature, q, 0.9);
        assertThat(ModelErrorIdentification.identify(List.of(List.of(pulses)), new double[] {T}, m, 0.002)
                        .measuredSlowErrorUnderLoad(m.capacityAh()))
                .isFalse();
        assertThat(identification().measuredSlowErrorUnderLoad(m.capacityAh())).isTrue();
    }

    @Test
    void boundCoversTheErrorAndIsNoWiderThanTwiceItsSpread() {
        CellParameters p = calibrated();
        long scored = 0;
        long covered = 0;
        double sumSqError = 0;
        double sumSigma = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Run r = simulate(seed, 3 * 3600);
            ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(p);
            ekf.reset(0.7);
            for (int k = 0; k < r.timeS().length; k++) {
                ekf.update(1.0, r.measuredCurrentA()[k], r.voltageV()[k], T);
                if (r.timeS()[k] >= 600) {
                    double e = ekf.soc() - r.trueSoc()[k];
                    scored++;
                    sumSqError += e * e;
                    sumSigma += ekf.socSigma();
                    if (Math.abs(e) <= 3 * ekf.socSigma()) {
                        covered++;
                    }
                }
            }
        }
        double rmse = Math.sqrt(sumSqError / scored);
        double meanSigma = sumSigma / scored;
        assertThat((double) covered / scored).as("3-sigma coverage").isGreaterThanOrEqualTo(0.95);
        assertThat(meanSigma).as("mean sigma against the RMS error %.4f", rmse).isLessThanOrEqualTo(2 * rmse);
        assertThat(3 * meanSigma).as("mean 3-sigma half-width").isLessThan(0.03);
    }

    /**
     * The identification drives never reached the diffusion-limited end of discharge; the drives
     * replayed do, and there the voltage falls hundreds of millivolts below the model. The filter must
     * not read that as SoC: the error stays small and inside its bound to the end (2.1 % at most,
     * coverage 0.977; without the consistency check coverage is 0.91, with the noise raised only to the
     * gate 0.92 and 5.8 % at worst).
     */
    @Test
    void aCollapseTheModelLacksIsNotReadAsSoc() {
        CellParameters p = calibrated();
        long scored = 0;
        long covered = 0;
        double worst = 0;
        double deepest = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Run r = simulate(seed, 5 * 3600, true);
            ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(p);
            ekf.reset(0.7);
            for (int k = 0; k < r.timeS().length; k++) {
                ekf.update(1.0, r.measuredCurrentA()[k], r.voltageV()[k], T);
                if (r.timeS()[k] >= 600) {
                    double e = ekf.soc() - r.trueSoc()[k];
                    scored++;
                    worst = Math.max(worst, Math.abs(e));
                    if (Math.abs(e) <= 3 * ekf.socSigma()) {
                        covered++;
                    }
                }
            }
            deepest = Math.max(deepest, COLLAPSE_SOC - r.trueSoc()[r.trueSoc().length - 1]);
        }
        assertThat(deepest).as("the drives went into the collapse").isGreaterThan(0.08);
        assertThat((double) covered / scored).as("3-sigma coverage").isGreaterThanOrEqualTo(0.95);
        assertThat(worst).as("largest SoC error").isLessThan(0.03);
    }
}
