package org.healbms.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RestCapacityTest {

    /**
     * A cell faded to 2.7 Ah against a 3.0 Ah prior, read at rests between swings of charge with a SoC
     * error of 1 % (1σ): the capacity is recovered within 2 % and within its bound, and the bound is
     * about what the readings allow.
     */
    @Test
    void recoversAFadedCapacityFromRestsBetweenSwings() {
        RestCapacity capacity = new RestCapacity(3.0, 0.05, 0.0);
        Random noise = new Random(5);
        double trueCapacity = 2.7;
        double soc = 0.95;
        for (int swing = 0; swing < 6; swing++) {
            capacity.read(soc + 0.01 * noise.nextGaussian(), 1e-4);
            capacity.settleRest();
            double charge = (swing % 2 == 0 ? -0.8 : 0.8) * trueCapacity;
            capacity.count(3600, charge);
            soc += charge / trueCapacity;
        }
        double q = 1.0 / capacity.inverseCapacity();
        double sigmaQ = Math.sqrt(capacity.inverseCapacityVariance()) * q * q;
        assertThat(q).isCloseTo(trueCapacity, within(0.02 * trueCapacity));
        assertThat(Math.abs(q - trueCapacity)).isLessThan(3 * sigmaQ);
        // Six readings of 1 % over 0.8 of SoC each: about 1.4 % / 0.8 / sqrt(5) of the capacity.
        assertThat(sigmaQ / q).isBetween(0.004, 0.012);
    }

    /** One rest, or readings within one rest, pair nothing: the capacity stays at the prior. */
    @Test
    void staysAtThePriorWithoutAPair() {
        RestCapacity capacity = new RestCapacity(3.0, 0.05, 0.0);
        capacity.count(100, -1.0);
        capacity.read(0.6, 1e-4);
        capacity.read(0.55, 1e-5); // the same rest, better relaxed: it replaces the first reading
        assertThat(1.0 / capacity.inverseCapacity()).isEqualTo(3.0);
        assertThat(Math.sqrt(capacity.inverseCapacityVariance()) * 3.0).isCloseTo(0.05, within(1e-12));
        capacity.settleRest();
        capacity.count(100, -1.0);
        capacity.interrupt(); // the count broke off: the anchor is gone
        capacity.read(0.2, 1e-5);
        assertThat(1.0 / capacity.inverseCapacity()).isEqualTo(3.0);
    }

    /** The best reading of a rest replaces the earlier ones of the same rest instead of adding to them. */
    @Test
    void aRestCountsOnceWithItsBestReading() {
        RestCapacity once = new RestCapacity(3.0, 0.05, 0.0);
        RestCapacity repeated = new RestCapacity(3.0, 0.05, 0.0);
        for (RestCapacity c : new RestCapacity[] {once, repeated}) {
            c.read(0.9, 1e-4);
            c.settleRest();
            c.count(3600, -2.4);
        }
        once.read(0.1, 1e-4);
        for (int k = 0; k < 10; k++) {
            repeated.read(0.1, 1e-4);
        }
        assertThat(repeated.inverseCapacity()).isEqualTo(once.inverseCapacity());
        assertThat(repeated.inverseCapacityVariance()).isEqualTo(once.inverseCapacityVariance());
        // 0.8 of SoC for 2.4 Ah: 3.0 Ah, the prior confirmed and narrowed.
        assertThat(1.0 / once.inverseCapacity()).isCloseTo(3.0, within(1e-9));
        assertThat(once.inverseCapacityVariance()).isLessThan(Math.pow(0.05 / 3.0, 2));
    }
}
