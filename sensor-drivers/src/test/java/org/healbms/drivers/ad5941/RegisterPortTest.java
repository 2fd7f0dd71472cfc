package org.healbms.drivers.ad5941;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SPI framing of fact sheet §5: set address 20 AH AL, write 2D + data, read 6D 00 + data. */
class RegisterPortTest {

    private final ScriptedAfe afe = new ScriptedAfe();
    private final RegisterPort port = new RegisterPort(afe);

    @Test
    void writesA16BitRegisterAsAddressFrameThenTwoDataBytes() throws Exception {
        port.write(0x0908, 0x02C9);

        assertThat(afe.frames).containsExactly("20 09 08", "2D 02 C9");
    }

    @Test
    void writesA32BitRegisterWithFourDataBytes() throws Exception {
        port.write(0x2030, 0x010625);

        assertThat(afe.frames).containsExactly("20 20 30", "2D 00 01 06 25");
    }

    @Test
    void readsAdiidWithTheDummyByteBeforeSixteenDataBits() throws Exception {
        int adiid = port.read(0x0400);

        assertThat(afe.frames).containsExactly("20 04 00", "6D 00 00 00");
        assertThat(adiid).isEqualTo(0x4144);
    }

    @Test
    void readsDftRealAsThirtyTwoBitsAfterTheDummyByte() throws Exception {
        afe.rcalDft = new int[] {0x0003_FFFE, 0};

        int raw = port.read(0x2078);

        assertThat(afe.frames).containsExactly("20 20 78", "6D 00 00 00 00 00");
        assertThat(raw).isEqualTo(0x0003_FFFE);
    }

    @Test
    void widthSwitchesAtTheEdgesOfThe32BitWindow() {
        assertThat(RegisterPort.is32Bit(0x0FFF)).isFalse();
        assertThat(RegisterPort.is32Bit(0x1000)).isTrue();
        assertThat(RegisterPort.is32Bit(0x3014)).isTrue();
        assertThat(RegisterPort.is32Bit(0x3018)).isFalse();
    }

    @Test
    void thirtyTwoBitReadKeepsTheTopByte() throws Exception {
        afe.registers.put(0x2230, 0xDE87_A5AF);

        assertThat(port.read(0x2230)).isEqualTo(0xDE87_A5AF);
    }
}
