package org.healbms.core.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.StrainResponse;
import org.junit.jupiter.api.Test;

/** Constant-current discharges of a known cell with a known strain gauge: the identification gets them back. */
class ConstantCurrentAndStrainIdentificationTest {

    private static final double T = 22.0;
    private static final double[] SOC = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    private static final double[] OCV = {3.0, 3.4, 3.5, 3.57, 3.62, 3.67, 3.75, 3.84, 3.93, 4.03, 4.16};
    private static final double[] G = {
        -90e-6, -100e-6, -160e-6, -200e-6, -230e-6, -180e-6, -100e-6, -30e-6, 0, 10e-6, 20e-6
    };
    private static final double R = 0.030;
    private static final double Q = 3.0;

    private static CellParameters truth() {
        SocTemperatureTable zero = SocTemperatureTable.constant(0.0, T);
        return new CellParameters(
                "truth",
                new CellParameters.Charge(Q, 1.0),
                new CellParameters.VoltageWindow(2.5, 4.2),
                SocTemperatureTable.ofSoc(SOC, T, OCV),
                new CellParameters.Impedance(
                        SocTemperatureTable.constant(R, T),
                        new CellParameters.RcPair(zero, SocTemperatureTable.constant(1.0, T)),
                        new CellParameters.RcPair(zero, SocTemperatureTable.constant(100.0, T))),
                new CellParameters.Hysteresis(0.0, 0.0),
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(0.3, 5e-5),
                        new EstimatorNoise.PolarisationNoise(2e-4, 0),
                        new EstimatorNoise.VoltageNoise(0.005, 0, 0, null),
                        EstimatorNoise.CapacityLearning.NONE,
                        EstimatorNoise.ResistanceLearning.NONE));
    }

    /** A discharge at {@code current} A from full at 1 Hz, heating by {@code heatingK} over the run, strain with its own zero. */
    private static StrainIdentification.StrainRun discharge(
            double current, double heatingK, double gaugeZero, long seed) {
        return discharge(current, heatingK, gaugeZero, 8e-6, seed);
    }

    /** As above, with the strain this run adds per kelvin of its own heating. */
    private static StrainIdentification.StrainRun discharge(
            double current, double heatingK, double gaugeZero, double strainPerK, long seed) {
        CellParameters p = truth();
        EquivalentCircuitCell cell = new EquivalentCircuitCell(p, 1.0);
        StrainResponse gauge = new StrainResponse(SOC, G, T, strainPerK, 1e-6, 0, 0, 0);
        Random noise = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        double seconds = 0.98 * Q * 3600 / -current;
        for (int k = 0; k <= seconds; k++) {
            double i = k == 0 ? 0.0 : current;
            if (k > 0) {
                cell.step(1.0, i, T);
            }
            double temperature = T + heatingK * k / seconds;
            rows.add(new double[] {
                k,
                i,
                cell.terminalVoltage(i, T) + 0.001 * noise.nextGaussian(),
                temperature,
                gauge.value(cell.soc(), temperature) + gaugeZero + 2e-6 * noise.nextGaussian()
            });
        }
        int n = rows.size();
        double[][] c = new double[5][n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 5; j++) {
                c[j][k] = rows.get(k)[j];
            }
        }
        CellRecording run =
                new CellRecording(current + " A", c[0], c[1], c[2], c[3], CellRecording.coulombCount(c[0], c[1]), 1.0);
        return new StrainIdentification.StrainRun(run, c[4]);
    }

    @Test
    void ocvAndResistanceComeBackFromTwoRates() throws Exception {
        var slow = discharge(-0.3, 0, 0, 1);
        var fast = discharge(-3.0, 0, 0, 2);
        var result = ConstantCurrentIdentification.identify("cc", List.of(slow.run(), fast.run()), Q, 2.5, 4.2);
        CellParameters p = result.parameters();
        for (double s = 0.15; s <= 0.9; s += 0.05) {
            assertThat(p.ocvV().value(s, T))
                    .as("OCV at SoC %.2f", s)
                    .isCloseTo(truth().ocvV().value(s, T), within(0.01));
            assertThat(p.r0Ohm().value(s, T)).as("R at SoC %.2f", s).isCloseTo(R, within(0.003));
        }
        assertThat(result.fits()).allSatisfy(f -> assertThat(f.rmseV()).isLessThan(0.02));
        assertThat(p.noise().voltageSigmaV())
                .isGreaterThanOrEqualTo(result.fits().getFirst().rmseV());
    }

    @Test
    void oneRateCannotTellOcvFromResistance() {
        var a = discharge(-0.3, 0, 0, 1).run();
        var b = discharge(-0.4, 0, 0, 2).run();
        assertThatThrownBy(() -> ConstantCurrentIdentification.identify("cc", List.of(a), Q, 2.5, 4.2))
                .isInstanceOf(IdentificationException.class)
                .hasMessageContaining("at least two discharges");
        assertThatThrownBy(() -> ConstantCurrentIdentification.identify("cc", List.of(a, b), Q, 2.5, 4.2))
                .isInstanceOf(IdentificationException.class)
                .hasMessageContaining("at least a factor 2.0 apart");
    }

    @Test
    void breathingThermalCoefficientAndGaugeZerosComeBack() throws Exception {
        var calibration = discharge(-0.3, 0, 0, 3);
        var warm = discharge(-3.0, 10, 40e-6, 4);
        var hot = discharge(-6.0, 20, -25e-6, 5);
        var result = StrainIdentification.identify(List.of(calibration, warm, hot), Q);
        StrainResponse s = result.response();
        for (double soc = 0.1; soc <= 0.95; soc += 0.05) {
            assertThat(s.breathing(soc))
                    .as("g at SoC %.2f", soc)
                    .isCloseTo(new StrainResponse(SOC, G, T, 0, 1e-6, 0, 0, 0).breathing(soc), within(6e-6));
        }
        assertThat(s.thermalCoefficientPerK()).isCloseTo(8e-6, within(0.8e-6));
        assertThat(result.fits().get(1).offset()).isCloseTo(40e-6, within(5e-6));
        assertThat(result.fits().get(2).offset()).isCloseTo(-25e-6, within(5e-6));
        assertThat(s.offsetSigma()).isGreaterThan(20e-6);
        assertThat(s.noiseSigma()).isLessThan(6e-6);
        assertThat(s.thermalCoefficientSigmaPerK())
                .as("runs agree on the coefficient")
                .isLessThan(0.5e-6);
    }

    @Test
    void runsThatDisagreeOnTheThermalCoefficientLeaveItUncertain() throws Exception {
        var calibration = discharge(-0.3, 0, 0, 3);
        var warm = discharge(-3.0, 10, 0, 4e-6, 4);
        var hot = discharge(-6.0, 20, 0, 12e-6, 5);
        StrainResponse s = StrainIdentification.identify(List.of(calibration, warm, hot), Q)
                .response();
        // Pooled, the hot run (four times the temperature variance) dominates; the two runs' 8 µε/K
        // disagreement shows as the coefficient's sigma.
        assertThat(s.thermalCoefficientPerK()).isBetween(8e-6, 12e-6);
        assertThat(s.thermalCoefficientSigmaPerK()).isBetween(2e-6, 8e-6);
        // A reading 20 K from the reference then counts for less than one at the reference.
        assertThat(s.variance(1.0, T + 20)).isGreaterThan(4 * s.variance(1.0, T));
    }
}
