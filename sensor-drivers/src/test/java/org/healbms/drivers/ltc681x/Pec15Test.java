package org.healbms.drivers.ltc681x;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every frame vector of fact sheet section 1: the last two bytes are the PEC15 of the others. */
class Pec15Test {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00 01 3D 6E",
                "00 02 2B 0A",
                "00 04 07 C2",
                "00 06 9A 94",
                "00 08 5E 52",
                "00 0A C3 04",
                "00 0C EF CC",
                "00 10 ED 72",
                "07 11 C9 C0",
                "07 14 F3 6C",
                "03 60 F4 6C",
                "02 E0 38 06",
                "03 E0 B0 4A",
                "05 60 D3 A0",
                "05 68 3B AE",
                "03 68 1C 62",
                "03 28 FB E8",
                "E8 80 94 8E 06 A4 2B AA",
                "FF FF FF FF FF FF 66 4C",
                "FC 52 17 A4 00 00 07 A0"
            })
    void pecOfFactSheetFrame(String frame) {
        byte[] bytes = ScriptedChain.hex(frame);
        int length = bytes.length - 2;
        int expected = (bytes[length] & 0xFF) << 8 | bytes[length + 1] & 0xFF;

        assertThat(Pec15.of(bytes, 0, length)).isEqualTo(expected);
        assertThat(Pec15.matches(bytes, 0, length)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 13, 47})
    void anySingleBitFlipIsCaught(int bit) {
        byte[] bytes = ScriptedChain.hex("E8 80 94 8E 06 A4 2B AA");
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThat(Pec15.matches(bytes, 0, 6)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00 00", "12 34", "FF FF", "07 14"})
    void pecWordAlwaysEndsInZero(String data) {
        assertThat(Pec15.of(ScriptedChain.hex(data), 0, 2) & 1).isZero();
    }
}
