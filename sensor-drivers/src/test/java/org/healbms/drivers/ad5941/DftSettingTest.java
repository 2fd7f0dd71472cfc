package org.healbms.drivers.ad5941;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DftSettingTest {

    @Test
    void oneHertzUsesSinc2At312HzAndCoversFourPeriods() {
        DftSetting setting = DftSetting.forFrequency(1);

        assertThat(setting.sampleRateHz()).isEqualTo(312.5);
        assertThat(setting.points()).isEqualTo(2048);
        // 800 kHz, notch bypassed, SINC2 OSR 640 (code 6), SINC3 OSR 4 (code 1).
        assertThat(setting.adcFilterCon()).isEqualTo(0x0000_1611);
        // Hanning, DFTNUM 9 (2048), input SINC2+notch.
        assertThat(setting.dftCon()).isEqualTo(0x0000_0091);
    }

    @Test
    void oneKilohertzUsesSinc3() {
        DftSetting setting = DftSetting.forFrequency(1000);

        assertThat(setting.sampleRateHz()).isEqualTo(200_000);
        assertThat(setting.points()).isEqualTo(1024);
        assertThat(setting.dftCon()).isEqualTo(0x0010_0081);
        assertThat(setting.duration().toNanos()).isEqualTo(5_120_000);
    }

    @Test
    void neverAsksForMoreThan16384Points() {
        assertThat(DftSetting.forFrequency(0.01).points()).isEqualTo(16384);
    }
}
