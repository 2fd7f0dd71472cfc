package org.healbms.drivers.ltc681x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfigurationRegistersTest {

    @Test
    void factSheetRefonUv3OV42() {
        byte[] a = ConfigurationRegisters.groupA(IcConfiguration.of(3.0, 4.2), false, Ltc681xVariant.LTC6811);

        assertThat(a).containsExactly(ScriptedChain.hex("FC 52 17 A4 00 00"));
    }

    @Test
    void thresholdCodes() {
        assertThat(IcConfiguration.undervoltageCode(3.0)).isEqualTo(1874);
        assertThat(IcConfiguration.overvoltageCode(4.2)).isEqualTo(2625);
        assertThatThrownBy(() -> IcConfiguration.of(0.0, 4.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("undervoltage");
        assertThatThrownBy(() -> IcConfiguration.of(3.0, 7.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overvoltage");
    }

    @Test
    void dischargeBitsAndTimeoutAndAdcopt() {
        IcConfiguration config = new IcConfiguration(false, 0x1F, 2.5, 4.25, 0, 3).withDischarge(1, 8, 9, 12);

        byte[] a = ConfigurationRegisters.groupA(config, true, Ltc681xVariant.LTC6811);

        assertThat(a[0] & 0xFF).isEqualTo(0xF9);
        assertThat(a[4] & 0xFF).isEqualTo(0x81);
        assertThat(a[5] & 0xFF).isEqualTo(0x39);
    }

    @Test
    void ltc6813GroupB() {
        IcConfiguration config = new IcConfiguration(true, 0x1FF, 3.0, 4.2, 0, 0).withDischarge(13, 16, 17, 18);

        byte[] b = ConfigurationRegisters.groupB(config);

        assertThat(b).containsExactly(0x9F, 0x03, 0, 0, 0, 0);
    }

    @Test
    void cellsBeyondTheVariantAreRefused() {
        IcConfiguration config = IcConfiguration.of(3.0, 4.2).withDischarge(13);

        assertThatThrownBy(() -> ConfigurationRegisters.groupA(config, false, Ltc681xVariant.LTC6811))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LTC6811");
        assertThatThrownBy(() -> config.withDischarge(19)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeInvertsEncode() {
        IcConfiguration config = new IcConfiguration(true, 0x155, 2.8, 4.15, 0, 7).withDischarge(2, 11, 14, 18);
        byte[] a = ConfigurationRegisters.groupA(config, true, Ltc681xVariant.LTC6813);
        byte[] b = ConfigurationRegisters.groupB(config);

        ConfigurationReadback back = ConfigurationRegisters.decode(1, a, b, Ltc681xVariant.LTC6813);

        assertThat(back.ic()).isEqualTo(1);
        assertThat(back.adcOpt()).isTrue();
        assertThat(back.configuration().referenceOn()).isTrue();
        assertThat(back.configuration().gpioPulldownsOff()).isEqualTo(0x155);
        assertThat(back.configuration().dischargeCells()).isEqualTo(config.dischargeCells());
        assertThat(back.configuration().dischargeTimeout()).isEqualTo(7);
        assertThat(back.configuration().undervoltageVolts()).isCloseTo(2.8, within(0.0008));
        assertThat(back.configuration().overvoltageVolts()).isCloseTo(4.15, within(0.0008));
    }
}
