package org.healbms.drivers.canbms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HexFormat;
import java.util.Set;
import org.healbms.drivers.bus.CanFrame;
import org.junit.jupiter.api.Test;

class BmsCanDecoderTest {

    private final BmsCanDecoder decoder = new BmsCanDecoder();

    private BmsCanMessage decode(int id, String hex) {
        return decoder.decode(new CanFrame(id, HexFormat.ofDelimiter(" ").parseHex(hex), 0));
    }

    @Test
    void readsTheWorkedExamplesBack() {
        var limits = (BmsCanMessage.Limits) decode(0x351, "28 02 F4 01 E8 03 E0 01");
        assertThat(limits.chargeVoltageLimitV()).isCloseTo(55.2, within(1e-9));
        assertThat(limits.chargeCurrentLimitA()).isCloseTo(50, within(1e-9));
        assertThat(limits.dischargeCurrentLimitA()).isCloseTo(100, within(1e-9));
        assertThat(limits.dischargeVoltageLimitV()).isCloseTo(48, within(1e-9));
        var m = (BmsCanMessage.Measurements) decode(0x356, "00 14 85 FF C9 FF");
        assertThat(m.packVoltageV()).isCloseTo(51.2, within(1e-9));
        assertThat(m.packCurrentA()).isCloseTo(-12.3, within(1e-9));
        assertThat(m.temperatureDegC()).isCloseTo(-5.5, within(1e-9));
        var soc = (BmsCanMessage.ChargeState) decode(0x355, "1A 00 64 00");
        assertThat(soc.soc()).isEqualTo(0.26);
        assertThat(soc.highResolutionSoc()).isNaN();
        assertThat(decode(0x35C, "A0 00")).isEqualTo(new BmsCanMessage.Requests(true, false, true));
        assertThat(decode(0x35E, "50 59 4C 4F 4E 20 20 20")).isEqualTo(new BmsCanMessage.Manufacturer("PYLON"));
        assertThat(decode(0x35A, "A5 AA 82 00 A9 AA 81 08"))
                .isEqualTo(new BmsCanMessage.Alarms(
                        Set.of(FaultClass.HIGH_VOLTAGE), Set.of(FaultClass.HIGH_CHARGE_CURRENT)));
        assertThat(decode(0x359, "02 01 10 08 01 50 4E 00"))
                .isEqualTo(new BmsCanMessage.Alarms(
                        Set.of(FaultClass.HIGH_VOLTAGE, FaultClass.HIGH_CHARGE_CURRENT),
                        Set.of(FaultClass.LOW_TEMPERATURE, FaultClass.BMS_INTERNAL)));
        assertThat(decode(0x305, "00 00 00 00 00 00 00 00")).isInstanceOf(BmsCanMessage.InverterKeepAlive.class);
    }

    @Test
    void aWrongLengthIsMalformedAndAnUnknownIdUnknown() {
        assertThat(decode(0x351, "28 02 F4"))
                .isEqualTo(new BmsCanMessage.Malformed(0x351, "0x351 has 3 data bytes, expected 6 or 8"));
        assertThat(decode(0x35A, "")).isInstanceOf(BmsCanMessage.Malformed.class);
        assertThat(decode(0x35E, "50 07")).isInstanceOf(BmsCanMessage.Malformed.class);
        assertThat(decode(0x123, "01")).isEqualTo(new BmsCanMessage.Unknown(0x123));
    }
}
