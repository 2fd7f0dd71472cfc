package org.healbms.core.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MemoizedExpTest {

    /** The series below 1/64 and Math.exp beyond it agree with Math.exp to the last bit or the one next to it. */
    @Test
    void isExpWithinOneUlpOnEitherSideOfTheSeriesRange() {
        MemoizedExp exp = new MemoizedExp();
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < 1_000_000; k++) {
            double x = random.nextDouble(-0.05, 0.05);
            double expected = Math.exp(x);
            assertThat(Math.abs(exp.of(x) - expected)).as("exp(%s)", x).isLessThanOrEqualTo(Math.ulp(expected));
        }
        for (double x : new double[] {0.0, -0.0, 1.0 / 64, -1.0 / 64, Math.nextUp(1.0 / 64), -1e-300, 1e-12}) {
            assertThat(Math.abs(exp.of(x) - Math.exp(x))).as("exp(%s)", x).isLessThanOrEqualTo(Math.ulp(Math.exp(x)));
        }
        assertThat(exp.of(0.0)).isEqualTo(1.0);
    }

    @Test
    void aNanOrAnInfiniteArgumentIsExpsOwn() {
        MemoizedExp exp = new MemoizedExp();
        assertThat(exp.of(Double.NaN)).isNaN();
        assertThat(exp.of(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(exp.of(-20.0)).isEqualTo(Math.exp(-20.0));
    }
}
