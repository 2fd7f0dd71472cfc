package org.healbms.drivers.vedirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VeDirectTextDecoderTest {

    /** Blocks as a SmartShunt 500A/50mV sent them (a public capture; both checksums verified by hand). */
    static final byte[] LIVE =
            ascii("\r\nPID\t0xA389\r\nV\t12865\r\nVS\t-14\r\nI\t0\r\nP\t0\r\nCE\t0\r\nSOC\t1000\r\nTTG\t-1"
                    + "\r\nAlarm\tOFF\r\nAR\t0\r\nBMV\tSmartShunt 500A/50mV\r\nFW\t0405\r\nChecksum\tL");

    static final byte[] HISTORY = ascii(
            "\r\nH1\t-32914\r\nH2\t0\r\nH3\t0\r\nH4\t0\r\nH5\t0\r\nH6\t-35652\r\nH7\t12041"
                    + "\r\nH8\t14282\r\nH9\t0\r\nH10\t0\r\nH11\t0\r\nH12\t0\r\nH15\t-22\r\nH16\t0\r\nH17\t46\r\nH18\t48\r\nChecksum\t\u001a");

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<Map<String, String>> feed(VeDirectTextDecoder d, byte[] bytes) {
        List<Map<String, String>> blocks = new ArrayList<>();
        for (byte b : bytes) {
            Map<String, String> block = d.accept(b);
            if (block != null) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    @Test
    void decodesCapturedBlocksWithTheirChecksums() {
        VeDirectTextDecoder d = new VeDirectTextDecoder();
        List<Map<String, String>> blocks = feed(d, concat(HISTORY, LIVE));
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0))
                .containsEntry("H1", "-32914")
                .containsEntry("H18", "48")
                .hasSize(16);
        assertThat(blocks.get(1))
                .containsEntry("V", "12865")
                .containsEntry("BMV", "SmartShunt 500A/50mV")
                .containsEntry("TTG", "-1")
                .doesNotContainKey("Checksum");
        assertThat(d.checksumErrors()).isZero();
    }

    @Test
    void resynchronisesAfterGarbageAndDropsTheBlockItHit() {
        VeDirectTextDecoder d = new VeDirectTextDecoder();
        byte[] noise = {0x00, (byte) 0xFF, 0x55, '\r', '\n', 'V', '\t', '9'};
        List<Map<String, String>> blocks = feed(d, concat(noise, LIVE, HISTORY, LIVE));
        // The noise joined the first block, which failed; the two after it decode.
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0)).containsKey("H1");
        assertThat(blocks.get(1)).containsEntry("V", "12865");
        assertThat(d.checksumErrors()).isEqualTo(1);
        assertThat(d.discardedBytes()).isEqualTo(noise.length + LIVE.length);
    }

    @Test
    void aFlippedBitIsNeverAValue() {
        byte[] corrupted = LIVE.clone();
        int at = new String(LIVE, StandardCharsets.ISO_8859_1).indexOf("12865");
        corrupted[at] ^= 0x02; // '1' -> '3': V would read 32865 mV
        VeDirectTextDecoder d = new VeDirectTextDecoder();
        assertThat(feed(d, concat(corrupted, LIVE)))
                .singleElement()
                .satisfies(b -> assertThat(b).containsEntry("V", "12865"));
        assertThat(d.checksumErrors()).isEqualTo(1);
    }

    @Test
    void skipsInterleavedHexFramesAndOverlongRuns() {
        VeDirectTextDecoder d = new VeDirectTextDecoder();
        byte[] hex = ascii(":A0102000543\n");
        byte[] split = concat(Arrays.copyOf(LIVE, 20), hex, Arrays.copyOfRange(LIVE, 20, LIVE.length));
        assertThat(feed(d, split)).singleElement().satisfies(b -> assertThat(b).containsEntry("SOC", "1000"));
        assertThat(d.hexFrames()).isEqualTo(1);
        byte[] endless = new byte[3 * VeDirectTextDecoder.MAX_BLOCK_BYTES];
        Arrays.fill(endless, (byte) 'x');
        // The tail of the run joins the next block, which fails; the one after decodes.
        assertThat(feed(d, concat(endless, LIVE, LIVE))).hasSize(1);
        assertThat(d.discardedBytes()).isGreaterThan(2L * VeDirectTextDecoder.MAX_BLOCK_BYTES);
    }
}
