package org.healbms.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TemperatureExtrapolationTest {

    /** DC resistance of the synthetic NCA: R0 + R1 + R2 = 57 mOhm, the same at every temperature. */
    private static final double R_DC = 0.057;

    @Test
    void insideTheIdentifiedTemperaturesThereIsNoExtraError() {
        TemperatureExtrapolation x = new TemperatureExtrapolation(SyntheticCells.nca(0.005));
        assertThat(x.kelvinOutside(25.0)).isZero();
        assertThat(x.voltageSigma(0.5, 25.0, -9.0)).isZero();
        // A few kelvin of self-heating past the test temperature are within the fit's own noise.
        assertThat(x.kelvinOutside(25.0 + TemperatureExtrapolation.MARGIN_K)).isZero();
        assertThat(x.voltageSigma(0.5, 29.0, -9.0)).isZero();
    }

    /** Identified at one temperature, the file cannot say how resistance moves: a typical Arrhenius law does. */
    @Test
    void oneTemperatureFallsBackOnATypicalActivationEnergy() {
        TemperatureExtrapolation x = new TemperatureExtrapolation(SyntheticCells.nca(0.005));
        double k = 30_000.0 / (8.314 * 298.15 * 298.15);
        assertThat(k).as("about 4 %/K").isBetween(0.03, 0.05);
        assertThat(x.kelvinOutside(40.0)).isEqualTo(10.0);
        assertThat(x.voltageSigma(0.5, 40.0, -6.0)).isCloseTo(6.0 * R_DC * Math.expm1(10 * k), within(1e-9));
        assertThat(x.voltageSigma(0.5, 10.0, 6.0)).isCloseTo(6.0 * R_DC * Math.expm1(10 * k), within(1e-9));
        assertThat(x.voltageSigma(0.5, 40.0, 0.0))
                .as("no current, no resistance error")
                .isZero();
        // Far outside, the error saturates rather than growing without bound.
        assertThat(x.voltageSigma(0.5, 200.0, -6.0)).isCloseTo(6.0 * R_DC * Math.expm1(3.0), within(1e-9));
    }

    /** With two or more temperatures, the file's own change of resistance at that edge is used. */
    @Test
    void aTableOverTemperatureGivesItsOwnRate() {
        CellParameters base = SyntheticCells.nca(0.005);
        double[] soc = {0, 1};
        // R0 doubles from 25 to 0 degC: ln 2 / 25 K per kelvin at the cold edge (R1, R2 are flat).
        SocTemperatureTable r0 =
                new SocTemperatureTable(soc, new double[] {0, 25}, new double[][] {{0.050, 0.050}, {0.025, 0.025}});
        CellParameters p = new CellParameters(
                "two temperatures",
                new CellParameters.Charge(base.capacityAh(), base.coulombicEfficiency()),
                new CellParameters.VoltageWindow(base.minVoltageV(), base.maxVoltageV()),
                base.ocvV(),
                new CellParameters.Impedance(
                        r0,
                        new CellParameters.RcPair(base.r1Ohm(), base.tau1S()),
                        new CellParameters.RcPair(base.r2Ohm(), base.tau2S())),
                new CellParameters.Hysteresis(base.hysteresisV(), base.hysteresisRate()),
                base.noise());
        TemperatureExtrapolation x = new TemperatureExtrapolation(p);
        double k = Math.log((0.050 + 0.032) / (0.025 + 0.032)) / 25.0;
        double rdcCold = 0.050 + 0.032;
        assertThat(x.voltageSigma(0.5, -15.0, 3.0)).isCloseTo(3.0 * rdcCold * Math.expm1(10 * k), within(1e-9));
        assertThat(x.kelvinOutside(10.0)).isZero();
    }
}
