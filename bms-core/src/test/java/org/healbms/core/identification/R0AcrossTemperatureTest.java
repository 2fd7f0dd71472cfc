package org.healbms.core.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class R0AcrossTemperatureTest {

    private static TemperatureFit fit(double degC, double r0) {
        double[] nodes = {0, 1};
        return new TemperatureFit(
                degC,
                new DynamicParameters(
                        nodes, new double[] {r0, 2 * r0}, new double[2], 0.01, 10, 0.02, 1000, 0.03, 10, 0.01, 1000),
                1);
    }

    private static double law(double degC) {
        return 0.03 * Math.exp(4000 * (1 / (degC + 273.15) - 1 / 298.15));
    }

    @Test
    void aGroupThatTradedR0ForAFastPairIsHeldToTheLawTheOthersFollow() {
        List<TemperatureFit> fits = new ArrayList<>();
        for (double t : new double[] {-20, -10, 0, 10, 25}) {
            // At 0 degC the fit put R0 at 1 mOhm (the Panasonic drive mix did).
            fits.add(fit(t, t == 0 ? 0.001 : law(t)));
        }
        double[][] priors = R0AcrossTemperature.priors(fits);
        for (int g = 0; g < fits.size(); g++) {
            double t = fits.get(g).temperatureDegC();
            assertThat(priors[g][0]).as("at %.0f degC", t).isCloseTo(law(t), within(0.01 * law(t)));
            assertThat(priors[g][1]).isCloseTo(2 * law(t), within(0.02 * law(t)));
        }
    }

    @Test
    void twoGroupsGiveNoPriorAndResistanceNeverFallsOnCooling() {
        assertThat(R0AcrossTemperature.priors(List.of(fit(0, 0.05), fit(25, 0.03))))
                .isNull();
        double[][] priors = R0AcrossTemperature.priors(List.of(fit(0, 0.02), fit(10, 0.025), fit(25, 0.03)));
        assertThat(priors[0][0]).isCloseTo(priors[2][0], within(1e-12));
    }
}
