package org.healbms.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.healbms.core.cell.SocTemperatureTable.TemperatureLaw;
import org.junit.jupiter.api.Test;

class SocTemperatureTableTest {

    private static final double[] SOC = {0, 1};
    private static final double R_OVER_K = 8.314;

    /** R(T) = R25·exp(Ea/R·(1/T − 1/T25)) at 40 kJ/mol. */
    private static double law(double degC) {
        return 0.02 * Math.exp(40_000 / R_OVER_K * (1 / (degC + 273.15) - 1 / 298.15));
    }

    private static SocTemperatureTable rows(TemperatureLaw law, double... temps) {
        double[][] v = new double[temps.length][];
        for (int t = 0; t < temps.length; t++) {
            v[t] = new double[] {law(temps[t]), 2 * law(temps[t])};
        }
        return new SocTemperatureTable(SOC, temps, v, law);
    }

    @Test
    void anArrheniusTableFollowsTheLawBetweenItsRowsWhereALinearOneCutsTheCorner() {
        SocTemperatureTable arrhenius = rows(TemperatureLaw.ARRHENIUS, -20, 25);
        SocTemperatureTable linear = rows(TemperatureLaw.LINEAR, -20, 25);
        for (double t = -20; t <= 25; t += 2.5) {
            assertThat(arrhenius.value(0.0, t)).as("at %.1f degC", t).isCloseTo(law(t), within(2e-4 * law(t)));
            assertThat(arrhenius.value(1.0, t)).isCloseTo(2 * law(t), within(4e-4 * law(t)));
        }
        // At 0 degC the straight line between -20 and 25 degC overstates R by more than a third.
        assertThat(linear.value(0.0, 0.0)).isGreaterThan(1.3 * law(0.0));
        assertThat(arrhenius.socSlope(0.5, 0.0)).isCloseTo(law(0.0), within(2e-4 * law(0.0)));
    }

    @Test
    void anArrheniusTableExtrapolatesItsEdgeActivationEnergyThenHolds() {
        SocTemperatureTable table = rows(TemperatureLaw.ARRHENIUS, -10, 25);
        double hold = SocTemperatureTable.EDGE_HOLD_K;
        assertThat(table.value(0.0, -10.0 - hold)).isCloseTo(law(-10.0), within(1e-3 * law(-10.0)));
        assertThat(table.value(0.0, -25.0)).isCloseTo(law(-25.0 + hold), within(1e-3 * law(-25.0)));
        assertThat(table.value(0.0, 45.0)).isCloseTo(law(45.0 - hold), within(1e-3 * law(45.0)));
        double limit = -10 - SocTemperatureTable.EXTRAPOLATION_K;
        assertThat(table.value(0.0, limit - 20)).isCloseTo(table.value(0.0, limit), within(1e-12));
        // A row pair that says R falls on cooling (a fit's scatter) is not extrapolated: it holds.
        SocTemperatureTable odd = new SocTemperatureTable(
                SOC, new double[] {0, 25}, new double[][] {{0.02, 0.02}, {0.03, 0.03}}, TemperatureLaw.ARRHENIUS);
        assertThat(odd.value(0.0, -20)).isCloseTo(0.02, within(1e-9));
        assertThat(odd.value(0.0, 12.5)).isBetween(0.02, 0.03);
    }

    @Test
    void aColumnWithoutALogarithmIsReadLinearlyAndASingleRowIsConstant() {
        SocTemperatureTable zero = new SocTemperatureTable(
                SOC, new double[] {0, 20}, new double[][] {{0.0, 0.04}, {0.01, 0.02}}, TemperatureLaw.ARRHENIUS);
        assertThat(zero.value(0.0, 10)).isCloseTo(0.005, within(1e-9));
        assertThat(zero.value(0.0, -30)).isCloseTo(0.0, within(1e-12));
        SocTemperatureTable single =
                SocTemperatureTable.ofSoc(SOC, 25, new double[] {0.02, 0.04}).withLaw(TemperatureLaw.ARRHENIUS);
        assertThat(single.value(0.5, -20)).isCloseTo(0.03, within(1e-12));
        assertThat(single.law()).isEqualTo(TemperatureLaw.ARRHENIUS);
        assertThat(single).isNotEqualTo(SocTemperatureTable.ofSoc(SOC, 25, new double[] {0.02, 0.04}));
        assertThat(single.temperatureDegC()).containsExactly(25.0);
    }

    @Test
    void anEvenSocGridIsReadInTheSameSegmentsAsAnUnevenOne() {
        // An OCV-like grid every 0.25 %, summed as a file's would be (0.0025 is not exact in binary), and
        // the same points with one moved a little off the even spacing, which the lookup then bisects.
        int n = 401;
        double[] even = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            even[i] = i == 0 ? 0.0 : even[i - 1] + 0.0025;
            values[i] = 3.0 + i * i * 1e-5 + (i % 2) * 1e-3;
        }
        even[n - 1] = 1.0;
        double[] uneven = even.clone();
        uneven[n / 2] += 1e-4;
        double[] unevenValues = values.clone();
        SocTemperatureTable a = SocTemperatureTable.ofSoc(even, 25, values);
        SocTemperatureTable b = SocTemperatureTable.ofSoc(uneven, 25, unevenValues);
        for (int i = 0; i < n; i++) {
            // At a grid point, either side of it and beyond the ends: the value of its own segment.
            for (double x : new double[] {even[i], Math.nextDown(even[i]), Math.nextUp(even[i]), even[i] + 1e-6}) {
                if (Math.abs(i - n / 2) <= 1) {
                    continue; // where b's grid differs
                }
                assertThat(a.value(x, 25)).as("soc %s", x).isEqualTo(b.value(x, 25));
                assertThat(a.socSlope(x, 25)).as("slope at soc %s", x).isEqualTo(b.socSlope(x, 25));
            }
        }
        assertThat(a.value(-0.1, 25)).isEqualTo(values[0]);
        assertThat(a.value(1.1, 25)).isEqualTo(values[n - 1]);
        assertThat(a.value(Double.NaN, 25)).isNaN();
        assertThat(a.socSlope(1.1, 25)).isEqualTo((values[n - 1] - values[n - 2]) / (even[n - 1] - even[n - 2]));
    }
}
