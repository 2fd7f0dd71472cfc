package org.healbms.core.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.healbms.core.cell.SocTemperatureTable.TemperatureLaw;
import org.junit.jupiter.api.Test;

class TablesAtPointTest {

    private static final double[] TEMPS = {-20, -10, 0, 10, 25, 40};

    /** A table on a SoC grid with values that vary in both SoC and temperature. */
    private static SocTemperatureTable table(double[] soc, TemperatureLaw law, double scale) {
        double[][] v = new double[TEMPS.length][soc.length];
        for (int t = 0; t < TEMPS.length; t++) {
            for (int s = 0; s < soc.length; s++) {
                v[t][s] = scale * (1 + 0.3 * Math.sin(7 * soc[s])) * Math.exp(-0.03 * TEMPS[t]);
            }
        }
        return new SocTemperatureTable(soc, TEMPS, v, law);
    }

    @Test
    void everyTableReadsAtTheSharedPointWhatItsOwnLookupGivesBitForBit() {
        double[] fine = {0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 1};
        double[] coarse = {0, 1};
        SocTemperatureTable r1 = table(coarse, TemperatureLaw.ARRHENIUS, 0.02);
        SocTemperatureTable tau1 = table(coarse, TemperatureLaw.ARRHENIUS, 20);
        SocTemperatureTable r0 = table(fine, TemperatureLaw.ARRHENIUS, 0.03);
        SocTemperatureTable sigma = table(fine, TemperatureLaw.LINEAR, 0.005);
        TablesAtPoint tables = new TablesAtPoint(r1, tau1, r0, sigma);
        Random random = new Random(7);
        for (int k = 0; k < 20_000; k++) {
            // Beyond the grids in both directions too: the clamps and the Arrhenius extrapolation.
            double soc = -0.1 + 1.2 * random.nextDouble();
            double degC = -60 + 120 * random.nextDouble();
            tables.at(soc, degC);
            assertThat(tables.value(0)).isEqualTo(r1.value(soc, degC));
            assertThat(tables.value(1)).isEqualTo(tau1.value(soc, degC));
            assertThat(tables.value(2)).isEqualTo(r0.value(soc, degC));
            assertThat(tables.value(3)).isEqualTo(sigma.value(soc, degC));
        }
    }

    @Test
    void tablesShareAGridOnlyWithTheSameSocPointsAndLookupRows() {
        double[] soc = {0, 0.5, 1};
        SocTemperatureTable arrhenius = table(soc, TemperatureLaw.ARRHENIUS, 1);
        assertThat(arrhenius.sharesGridWith(table(soc, TemperatureLaw.ARRHENIUS, 2)))
                .isTrue();
        // Same rows, but an Arrhenius table looks up resampled ones.
        assertThat(arrhenius.sharesGridWith(table(soc, TemperatureLaw.LINEAR, 1)))
                .isFalse();
        assertThat(arrhenius.sharesGridWith(table(new double[] {0, 0.4, 1}, TemperatureLaw.ARRHENIUS, 1)))
                .isFalse();
        // One row each: constant in temperature, whichever temperature it was measured at.
        assertThat(SocTemperatureTable.ofSoc(soc, 25, new double[] {1, 2, 3})
                        .sharesGridWith(SocTemperatureTable.ofSoc(soc, 23, new double[] {4, 5, 6})))
                .isTrue();
    }

    @Test
    void aMemoizedExpIsExpForEveryArgumentAndRepeatsTheLastOne() {
        MemoizedExp exp = new MemoizedExp();
        double[] arguments = {-0.1, -0.1, -0.0053, -0.1, 0.0, -0.0, Double.NaN, Double.NaN, -745.2, -0.1};
        for (double x : arguments) {
            assertThat(Double.doubleToRawLongBits(exp.of(x)))
                    .as("exp(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(Math.exp(x)));
        }
    }
}
