package org.healbms.drivers.ltc681x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Command encodings against the fact-sheet frame vectors. */
class CommandTest {

    private static String frame(Command command) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(command.frame());
    }

    @Test
    void registerReadsAndWrites() {
        assertThat(frame(RegisterGroup.CFGA.writeCommand())).isEqualTo("00 01 3D 6E");
        assertThat(frame(RegisterGroup.CFGA.readCommand())).isEqualTo("00 02 2B 0A");
        assertThat(frame(RegisterGroup.CVA.readCommand())).isEqualTo("00 04 07 C2");
        assertThat(frame(RegisterGroup.CVB.readCommand())).isEqualTo("00 06 9A 94");
        assertThat(frame(RegisterGroup.CVC.readCommand())).isEqualTo("00 08 5E 52");
        assertThat(frame(RegisterGroup.CVD.readCommand())).isEqualTo("00 0A C3 04");
        assertThat(frame(RegisterGroup.AUXA.readCommand())).isEqualTo("00 0C EF CC");
        assertThat(frame(RegisterGroup.STATA.readCommand())).isEqualTo("00 10 ED 72");
        assertThat(RegisterGroup.CVE.readCommand().code()).isEqualTo(0x009);
        assertThat(RegisterGroup.CVF.readCommand().code()).isEqualTo(0x00B);
        assertThat(RegisterGroup.CFGB.writeCommand().code()).isEqualTo(0x024);
        assertThat(RegisterGroup.CFGB.readCommand().code()).isEqualTo(0x026);
    }

    @Test
    void clearAndPoll() {
        assertThat(frame(Command.CLRCELL)).isEqualTo("07 11 C9 C0");
        assertThat(frame(Command.PLADC)).isEqualTo("07 14 F3 6C");
    }

    @Test
    void conversions() {
        assertThat(frame(Command.adcv(AdcMode.KHZ_7, false, Command.ALL))).isEqualTo("03 60 F4 6C");
        assertThat(frame(Command.adcv(AdcMode.KHZ_27, false, Command.ALL))).isEqualTo("02 E0 38 06");
        assertThat(frame(Command.adcv(AdcMode.HZ_26, false, Command.ALL))).isEqualTo("03 E0 B0 4A");
        assertThat(frame(Command.adax(AdcMode.KHZ_7, Command.ALL))).isEqualTo("05 60 D3 A0");
        assertThat(frame(Command.adstat(AdcMode.KHZ_7, Command.ALL))).isEqualTo("05 68 3B AE");
        assertThat(frame(Command.adow(AdcMode.KHZ_7, true, false, Command.ALL))).isEqualTo("03 68 1C 62");
        assertThat(frame(Command.adow(AdcMode.KHZ_7, false, false, Command.ALL)))
                .isEqualTo("03 28 FB E8");
    }

    @Test
    void fieldsLandInTheirBits() {
        // ADCV 0x260 | MD<<7 | DCP<<4 | CH; ADCOPT modes share MD with their base mode.
        assertThat(Command.adcv(AdcMode.KHZ_14, true, 3).code()).isEqualTo(0x260 | 1 << 7 | 1 << 4 | 3);
        assertThat(Command.adcv(AdcMode.KHZ_2, false, 6).code()).isEqualTo(0x3E6);
        assertThat(Command.cvst(AdcMode.KHZ_7, 1).code()).isEqualTo(0x327);
        assertThat(Command.cvst(AdcMode.KHZ_7, 2).code()).isEqualTo(0x347);
        assertThat(Command.adow(AdcMode.KHZ_27, true, true, 1).code()).isEqualTo(0x228 | 0x80 | 0x40 | 0x10 | 1);
    }

    @Test
    void badFieldsAreRefused() {
        assertThatThrownBy(() -> Command.adcv(AdcMode.KHZ_7, false, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CH");
        assertThatThrownBy(() -> Command.adax(AdcMode.KHZ_7, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHG");
        assertThatThrownBy(() -> Command.cvst(AdcMode.KHZ_7, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ST");
        assertThatThrownBy(() -> RegisterGroup.CVA.writeCommand())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read-only");
    }
}
