package org.healbms.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FilterStateTest {

    private static double[] diagonal() {
        double[] p = new double[36];
        p[0] = 1e-4;
        p[7] = 1e-4;
        p[14] = 1e-4;
        p[21] = 1e-6;
        p[28] = 1e-6;
        p[35] = 1e-12;
        return p;
    }

    /**
     * The Joseph update rounds P's two triangles apart by ~1e-16 of the diagonal's scale: for an entry
     * near zero (here 6.8e-22 between an RC voltage and 1/Q, as the bundled cell's filter leaves it
     * after 32 s) that is a relative difference of 1e-8, and the firmware's snapshot must still be taken.
     */
    @Test
    void roundingAsymmetryOfAnEntryNearZeroIsAcceptedAndARealOneRefused() {
        double[] state = {0.6, 0, 0, 0, 0, 1 / 2.9};
        double[] p = diagonal();
        p[2 * 6 + 5] = 6.834460293245572E-22;
        p[5 * 6 + 2] = 6.8344603778016E-22;
        assertThat(new FilterState(state, p).covariance()[17]).isEqualTo(6.834460293245572E-22);
        double[] wrong = diagonal();
        wrong[1] = 1e-6;
        assertThatThrownBy(() -> new FilterState(state, wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0][1] differs from [1][0]");
    }
}
