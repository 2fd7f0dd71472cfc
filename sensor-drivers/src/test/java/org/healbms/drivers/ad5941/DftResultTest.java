package org.healbms.drivers.ad5941;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** DFTREAL/DFTIMAG are 18-bit two's complement in bits 17:0. */
class DftResultTest {

    @Test
    void signExtendsBit17() {
        assertThat(DftResult.decode18(0x0001_FFFF)).isEqualTo(131_071);
        assertThat(DftResult.decode18(0x0002_0000)).isEqualTo(-131_072);
        assertThat(DftResult.decode18(0x0003_FFFF)).isEqualTo(-1);
        assertThat(DftResult.decode18(0x0001_2345)).isEqualTo(0x12345);
    }

    @Test
    void ignoresBitsAbove17() {
        assertThat(DftResult.decode18(0xFFFC_0005)).isEqualTo(5);
        assertThat(DftResult.decode18(0x0004_0000 | 0x0003_FFF6)).isEqualTo(-10);
    }

    @Test
    void phasorUndoesTheHardwareNegatedImaginaryPart() {
        DftResult result = DftResult.fromRegisters(1000, 0x0003_FC18); // imag -1000

        assertThat(result.phasor()).isEqualTo(new Complex(1000, 1000));
    }

    @Test
    void clippedAtEitherEndOfTheRange() {
        assertThat(new DftResult(131_071, 0).clipped()).isTrue();
        assertThat(new DftResult(0, -131_072).clipped()).isTrue();
        assertThat(new DftResult(131_070, -131_070).clipped()).isFalse();
    }
}
