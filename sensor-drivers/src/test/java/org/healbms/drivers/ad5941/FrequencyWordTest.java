package org.healbms.drivers.ad5941;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** SINEFCW = f × 2^30 / f_SYSCLK, 24 bits. */
class FrequencyWordTest {

    @Test
    void oneKilohertzFromSixteenMegahertz() {
        FrequencyWord word = FrequencyWord.forFrequency(1000, 16e6);

        assertThat(word.word()).isEqualTo(0x010625); // 67108.864 rounded
        assertThat(word.frequencyHz()).isCloseTo(1000.002, within(0.001));
    }

    @Test
    void oneHertzReportsTheFrequencyTheWordReallyMakes() {
        FrequencyWord word = FrequencyWord.forFrequency(1, 16e6);

        assertThat(word.word()).isEqualTo(67);
        assertThat(word.frequencyHz()).isCloseTo(0.998378, within(1e-6));
    }

    @Test
    void refusesFrequenciesTheWordCannotHold() {
        assertThatThrownBy(() -> FrequencyWord.forFrequency(300_000, 16e6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("300000");
        assertThatThrownBy(() -> FrequencyWord.forFrequency(0.001, 16e6)).isInstanceOf(IllegalArgumentException.class);
    }
}
