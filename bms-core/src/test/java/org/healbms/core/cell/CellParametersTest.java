package org.healbms.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CellParametersTest {

    private static CellParameters withOcv(SocTemperatureTable ocv) {
        CellParameters p = SyntheticCells.nca(0.005);
        return new CellParameters(
                p.name(),
                new CellParameters.Charge(p.capacityAh(), p.coulombicEfficiency()),
                new CellParameters.VoltageWindow(p.minVoltageV(), p.maxVoltageV()),
                ocv,
                new CellParameters.Impedance(
                        p.r0Ohm(),
                        new CellParameters.RcPair(p.r1Ohm(), p.tau1S()),
                        new CellParameters.RcPair(p.r2Ohm(), p.tau2S())),
                new CellParameters.Hysteresis(p.hysteresisV(), p.hysteresisRate()),
                p.noise());
    }

    @Test
    void refusesAnOcvCurveThatDipsAnywhere() {
        SocTemperatureTable dipping =
                SocTemperatureTable.ofSoc(new double[] {0, 0.3, 0.6, 1}, 25, new double[] {3.0, 3.5, 3.4, 4.2});
        assertThatThrownBy(() -> withOcv(dipping))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ocv_v must rise with SoC")
                .hasMessageContaining("SoC 0.6");
    }

    @Test
    void refusesASocGridInPercent() {
        assertThatThrownBy(() -> SocTemperatureTable.ofSoc(new double[] {0, 50, 100}, 25, new double[] {3, 3.6, 4.2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not percent");
    }

    @Test
    void refusesInvalidScalarsWithTheFieldName() {
        CellParameters p = SyntheticCells.nca(0.005);
        assertThatThrownBy(() -> new CellParameters(
                        p.name(),
                        new CellParameters.Charge(-1, 1),
                        new CellParameters.VoltageWindow(2.5, 4.2),
                        p.ocvV(),
                        new CellParameters.Impedance(
                                p.r0Ohm(),
                                new CellParameters.RcPair(p.r1Ohm(), p.tau1S()),
                                new CellParameters.RcPair(p.r2Ohm(), p.tau2S())),
                        new CellParameters.Hysteresis(0.03, 30),
                        p.noise()))
                .hasMessageContaining("capacity_ah");
        assertThatThrownBy(() -> new CellParameters(
                        p.name(),
                        new CellParameters.Charge(3, 1),
                        new CellParameters.VoltageWindow(4.2, 2.5),
                        p.ocvV(),
                        new CellParameters.Impedance(
                                p.r0Ohm(),
                                new CellParameters.RcPair(p.r1Ohm(), p.tau1S()),
                                new CellParameters.RcPair(p.r2Ohm(), p.tau2S())),
                        new CellParameters.Hysteresis(0.03, 30),
                        p.noise()))
                .hasMessageContaining("min_voltage_v");
        assertThatThrownBy(() -> new EstimatorNoise(
                        new EstimatorNoise.SocNoise(0, 1e-5),
                        new EstimatorNoise.PolarisationNoise(1e-4, 1e-4),
                        new EstimatorNoise.VoltageNoise(0.01, 0, 0, null),
                        EstimatorNoise.CapacityLearning.NONE,
                        EstimatorNoise.ResistanceLearning.NONE))
                .hasMessageContaining("initial_soc_sigma");
    }

    @Test
    void tablesInterpolateClampAndExtrapolateAsDocumented() {
        SocTemperatureTable t = new SocTemperatureTable(
                new double[] {0.2, 0.8}, new double[] {0, 20}, new double[][] {{1.0, 2.0}, {3.0, 4.0}});
        assertThat(t.value(0.5, 10)).isCloseTo(2.5, within(1e-12));
        assertThat(t.value(0.0, -30)).isEqualTo(1.0); // held at both edges
        assertThat(t.valueExtrapolated(0.0, 0)).isCloseTo(1.0 - 0.2 / 0.6, within(1e-12));
        assertThat(t.socSlope(0.9, 20)).isCloseTo(1 / 0.6, within(1e-12));
        assertThat(t.valueSlope(0.9, 20)).isZero(); // value is held there
        assertThat(t.socAt(2.5, 10)).isCloseTo(0.5, within(1e-9));
    }
}
