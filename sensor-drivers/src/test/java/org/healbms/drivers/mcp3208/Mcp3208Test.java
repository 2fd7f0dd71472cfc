package org.healbms.drivers.mcp3208;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.healbms.drivers.bus.SpiTarget;
import org.junit.jupiter.api.Test;

class Mcp3208Test {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @Test
    void framesAndDecodingMatchTheFactSheet() throws Exception {
        assertThat(HEX.formatHex(Mcp3208.frame(0)).toUpperCase()).isEqualTo("06 00 00");
        assertThat(HEX.formatHex(Mcp3208.frame(5)).toUpperCase()).isEqualTo("07 40 00");
        byte[][] sent = new byte[1][];
        SpiTarget chip = new SpiTarget() {
            @Override
            public String name() {
                return "spi-0.1";
            }

            @Override
            public void transfer(byte[] tx, byte[] rx) {
                sent[0] = tx.clone();
                // The first reply byte and the high nibble of the second are undefined: set them.
                System.arraycopy(HEX.parseHex("FF F4 D2"), 0, rx, 0, 3);
            }
        };
        int code = new Mcp3208(chip).readCode(5);
        assertThat(code).isEqualTo(1234);
        assertThat(HEX.formatHex(sent[0]).toUpperCase()).isEqualTo("07 40 00");
        assertThat(code * 3.3 / Mcp3208.FULL_SCALE_CODES).isBetween(0.9941, 0.9943);
    }
}
