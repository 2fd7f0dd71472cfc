package org.healbms.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
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
    void everySocIsReadInTheSegmentThatHoldsIt() {
        // An OCV-like grid, summed as a file's would be (0.0025 is not exact in binary): 0.25 % steps at
        // the ends, 1 % between, so the lookup's equal slices do not line up with its points.
        List<Double> points = new ArrayList<>(List.of(0.0));
        while (points.getLast() < 0.9999) {
            double at = points.getLast();
            points.add(at + (at < 0.01 || at > 0.985 ? 0.0025 : 0.01));
        }
        double[] grid = points.stream().mapToDouble(Double::doubleValue).toArray();
        grid[grid.length - 1] = 1.0;
        double[] values = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            values[i] = 3.0 + i * i * 1e-4 + (i % 2) * 1e-3;
        }
        SocTemperatureTable table = SocTemperatureTable.ofSoc(grid, 25, values);
        for (int i = 0; i < grid.length; i++) {
            for (double x : new double[] {grid[i], Math.nextDown(grid[i]), Math.nextUp(grid[i]), grid[i] + 1e-6}) {
                // The segment by a plain search: the last point at or below x, the first or last segment beyond.
                int s = 0;
                while (s < grid.length - 2 && grid[s + 1] <= x) {
                    s++;
                }
                double w = Math.clamp((x - grid[s]) / (grid[s + 1] - grid[s]), 0.0, 1.0);
                double slope = (values[s + 1] - values[s]) / (grid[s + 1] - grid[s]);
                assertThat(table.value(x, 25)).as("soc %s", x).isEqualTo(values[s] + (values[s + 1] - values[s]) * w);
                assertThat(table.socSlope(x, 25)).as("slope at soc %s", x).isEqualTo(slope);
            }
        }
        assertThat(table.value(-0.1, 25)).isEqualTo(values[0]);
        assertThat(table.value(1.1, 25)).isEqualTo(values[grid.length - 1]);
        assertThat(table.value(Double.NaN, 25)).isNaN();
    }
}
