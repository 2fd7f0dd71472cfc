package org.healbms.drivers.vedirect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the VE.Direct text protocol byte by byte (Victron BMV and SmartShunt battery monitors,
 * 19200 8N1). A block is a run of fields, each {@code "\r\n" label "\t" value}, closed by
 * {@code "\r\nChecksum\t"} and one byte chosen so that every byte of the block, that one included,
 * sums to 0 mod 256. HEX-protocol frames ({@code ':' ... '\n'}) may be interleaved and are not part
 * of any block.
 *
 * <p>Resynchronisation: a block starts right after the previous checksum byte. Garbage (line noise,
 * a start in mid-block) lands in the current block, whose checksum then fails: the block is dropped,
 * never half-used, and the next one decodes. A run longer than any real block is dropped as well.
 */
public final class VeDirectTextDecoder {

    private static final byte[] CHECKSUM_LABEL = "\r\nChecksum\t".getBytes(StandardCharsets.US_ASCII);
    /** A BMV block holds at most 22 fields of at most 9 + 33 bytes; anything longer is not a block. */
    static final int MAX_BLOCK_BYTES = 1024;

    private final ByteArrayOutputStream block = new ByteArrayOutputStream(256);
    private int sum;
    private int matched;
    private boolean expectChecksumByte;
    private boolean inHexFrame;
    private long blocks;
    private long checksumErrors;
    private long discardedBytes;
    private long hexFrames;

    /**
     * Feeds one byte.
     *
     * @return the block's fields (label to value, in order) when this byte completed a valid block,
     *         otherwise null
     */
    public Map<String, String> accept(int b) {
        b &= 0xFF;
        if (expectChecksumByte) {
            expectChecksumByte = false;
            return finishBlock(b);
        }
        if (inHexFrame) {
            if (b == '\n') {
                inHexFrame = false;
                hexFrames++;
            }
            return null;
        }
        if (b == ':') {
            inHexFrame = true;
            return null;
        }
        block.write(b);
        sum = (sum + b) & 0xFF;
        matched = b == CHECKSUM_LABEL[matched] ? matched + 1 : (b == CHECKSUM_LABEL[0] ? 1 : 0);
        if (matched == CHECKSUM_LABEL.length) {
            matched = 0;
            expectChecksumByte = true;
        } else if (block.size() > MAX_BLOCK_BYTES) {
            discardedBytes += block.size();
            reset();
        }
        return null;
    }

    private Map<String, String> finishBlock(int checksumByte) {
        boolean valid = ((sum + checksumByte) & 0xFF) == 0;
        byte[] bytes = block.toByteArray();
        reset();
        if (!valid) {
            checksumErrors++;
            discardedBytes += bytes.length + 1;
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        // Drop the closing "\r\nChecksum\t"; every field starts with "\r\n".
        String text = new String(bytes, 0, bytes.length - CHECKSUM_LABEL.length, StandardCharsets.ISO_8859_1);
        for (String field : text.split("\r\n", -1)) {
            if (field.isEmpty()) {
                continue;
            }
            int tab = field.indexOf('\t');
            if (tab <= 0) {
                // A checksum that passes over a malformed field is a coincidence of noise; drop it.
                checksumErrors++;
                discardedBytes += bytes.length + 1;
                return null;
            }
            fields.put(field.substring(0, tab), field.substring(tab + 1));
        }
        blocks++;
        return fields;
    }

    private void reset() {
        block.reset();
        sum = 0;
        matched = 0;
    }

    public long blocks() {
        return blocks;
    }

    public long checksumErrors() {
        return checksumErrors;
    }

    public long discardedBytes() {
        return discardedBytes;
    }

    public long hexFrames() {
        return hexFrames;
    }
}
