package org.healbms.drivers.hyperion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.healbms.drivers.bus.BusException;
import org.junit.jupiter.api.Test;

/** The si155 vectors of the fact sheet (§6). */
class HyperionProtocolTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    static final String CONTENT =
            "20 00 01 00 00 00 00 00 92 10 00 00 00 00 00 00 00 F1 53 65 00 65 CD 1D 02 00 01 00 00 00"
                    + " 00 00 4E D1 91 5C 7E E8 97 40 00 00 00 00 00 38 98 40 00 00 00 00 00 62 98 40";

    @Test
    void getPeaksRequestBytes() {
        assertThat(HEX.formatHex(HyperionProtocol.request("#GetPeaks", "")).toUpperCase())
                .isEqualTo("00 00 09 00 00 00 00 00 23 47 65 74 50 65 61 6B 73");
    }

    @Test
    void responseAndPeakDataVectors() throws Exception {
        byte[] wire = HEX.parseHex("00 00 00 00 38 00 00 00 " + CONTENT);
        HyperionProtocol.Response r = HyperionProtocol.readResponse(new ByteArrayInputStream(wire), "si155");
        assertThat(r.status()).isZero();
        assertThat(r.content()).hasSize(0x38);
        PeakFrame f = HyperionProtocol.decodePeaks(r.content(), "si155");
        assertThat(f.serial()).isEqualTo(4242);
        assertThat(f.timestamp().getEpochSecond()).isEqualTo(1_700_000_000L);
        assertThat(f.nanoseconds()).isEqualTo(500_000_000);
        assertThat(f.channels()).isEqualTo(4);
        assertThat(f.peaks(1)).containsExactly(1530.1234, 1550.0);
        assertThat(f.peaks(2)).containsExactly(1560.5);
        assertThat(f.peaks(3)).isEmpty();
        // The stream port sends the same response framing, header first.
        PeakFrame streamed = HyperionProtocol.readPeakFrame(new ByteArrayInputStream(wire), "si155");
        assertThat(streamed.peaks(1)).containsExactly(1530.1234, 1550.0);
        byte[] failed = HEX.parseHex("03 00 04 00 00 00 00 00 62 75 73 79");
        assertThatThrownBy(() -> HyperionProtocol.readPeakFrame(new ByteArrayInputStream(failed), "si155"))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("status 3: busy");
    }

    @Test
    void truncatedOrInconsistentDataIsRefusedWithTheFieldNamed() {
        byte[] content = HEX.parseHex(CONTENT);
        assertThatThrownBy(() -> HyperionProtocol.decodePeaks(Arrays.copyOf(content, content.length - 8), "si155"))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("header and counts say 56");
        byte[] wire = HEX.parseHex("00 00 00 00 38 00 00 00 " + CONTENT);
        assertThatThrownBy(() ->
                        HyperionProtocol.readPeakFrame(new ByteArrayInputStream(Arrays.copyOf(wire, 48)), "si155"))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("connection closed in the response content after 40 of 56");
        byte[] oddHeader = content.clone();
        oddHeader[0] = 0x21;
        assertThatThrownBy(() -> HyperionProtocol.decodePeaks(oddHeader, "si155"))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("is not 24 + 2 x channels");
        assertThatThrownBy(() ->
                        HyperionProtocol.readResponse(new ByteArrayInputStream(HEX.parseHex("00 00 00 00")), "si155"))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("response header after 4 of 8 bytes");
    }
}
