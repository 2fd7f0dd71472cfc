package org.healbms.drivers.hyperion;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.healbms.drivers.bus.BusException;

/**
 * The Hyperion si155 wire format (fact sheet §6, little-endian): a request is the header
 * {@code <BBHI} (options, 0, command length, argument length) then the ASCII command and arguments;
 * a response is {@code <BBHI} (status, type, message length, content length), the message and the
 * content. Peak data, in a #GetPeaks response or on the peak stream, is the header {@code <HHIQII}
 * (header length = 24 + 2·channels, version, reserved, scan serial, seconds, nanoseconds), one s16 peak
 * count per channel, then every peak as an f64 in nm. Everything that does not add up is refused
 * with the field named: a short or inconsistent frame is never turned into wavelengths.
 */
public final class HyperionProtocol {

    static final int HEADER_BYTES = 8;
    static final int PEAK_HEADER_BYTES = 24;
    /** More channels than any interrogator has: a header claiming them is garbage. */
    static final int MAX_CHANNELS = 64;

    static final int MAX_PEAKS_PER_CHANNEL = 2048;

    private HyperionProtocol() {}

    /** A response: status 0 is success; otherwise the message says why. */
    public record Response(int status, int type, String message, byte[] content) {}

    public static byte[] request(String command, String arguments) {
        byte[] cmd = command.getBytes(StandardCharsets.US_ASCII);
        byte[] arg = arguments.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b =
                ByteBuffer.allocate(HEADER_BYTES + cmd.length + arg.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0)
                .put((byte) 0)
                .putShort((short) cmd.length)
                .putInt(arg.length)
                .put(cmd)
                .put(arg);
        return b.array();
    }

    public static Response readResponse(InputStream in, String device) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(readFully(in, HEADER_BYTES, device, "response header"))
                .order(ByteOrder.LITTLE_ENDIAN);
        int status = h.get() & 0xFF;
        int type = h.get() & 0xFF;
        int messageLength = h.getShort() & 0xFFFF;
        long contentLength = h.getInt() & 0xFFFF_FFFFL;
        if (contentLength > 64L << 20) {
            throw new BusException(device + ": response content length " + contentLength + " is not plausible");
        }
        String message =
                new String(readFully(in, messageLength, device, "response message"), StandardCharsets.US_ASCII);
        byte[] content = readFully(in, (int) contentLength, device, "response content");
        return new Response(status, type, message, content);
    }

    /** Decodes a peak-data block that fills {@code content} exactly. */
    public static PeakFrame decodePeaks(byte[] content, String device) throws BusException {
        if (content.length < PEAK_HEADER_BYTES) {
            throw new BusException(
                    device + ": peak data of " + content.length + " bytes is shorter than its 24-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort() & 0xFFFF;
        b.getShort(); // version
        b.getInt(); // reserved
        long serial = b.getLong();
        long seconds = b.getInt() & 0xFFFF_FFFFL;
        int nanos = b.getInt();
        int channels = channels(headerLength, device);
        if (content.length < headerLength) {
            throw new BusException(device + ": peak header length " + headerLength + " exceeds the " + content.length
                    + " bytes received");
        }
        int[] counts = new int[channels];
        int total = 0;
        for (int c = 0; c < channels; c++) {
            counts[c] = b.getShort();
            if (counts[c] < 0 || counts[c] > MAX_PEAKS_PER_CHANNEL) {
                throw new BusException(
                        device + ": peak count " + counts[c] + " on channel " + (c + 1) + " is not plausible");
            }
            total += counts[c];
        }
        if (content.length != headerLength + 8 * total) {
            throw new BusException(device + ": peak data is " + content.length + " bytes; header and counts say "
                    + (headerLength + 8 * total));
        }
        double[][] peaks = new double[channels][];
        for (int c = 0; c < channels; c++) {
            peaks[c] = new double[counts[c]];
            for (int i = 0; i < counts[c]; i++) {
                peaks[c][i] = b.getDouble();
            }
        }
        return new PeakFrame(serial, seconds, nanos, peaks);
    }

    /**
     * Reads one frame from the peak stream port. Each frame comes in the same {@code <BBHI}
     * response header as a command answer (Luna's hyperion.py reads the stream this way; the fact
     * sheet lists only the peak header), so a non-zero status is the instrument's error, not data.
     */
    public static PeakFrame readPeakFrame(InputStream in, String device) throws IOException {
        Response r = readResponse(in, device);
        if (r.status() != 0) {
            throw new BusException(device + ": peak stream reports status " + r.status() + ": " + r.message());
        }
        return decodePeaks(r.content(), device);
    }

    private static int channels(int headerLength, String device) throws BusException {
        if (headerLength < PEAK_HEADER_BYTES
                || (headerLength - PEAK_HEADER_BYTES) % 2 != 0
                || (headerLength - PEAK_HEADER_BYTES) / 2 > MAX_CHANNELS) {
            throw new BusException(device + ": peak header length " + headerLength + " is not 24 + 2 x channels");
        }
        return (headerLength - PEAK_HEADER_BYTES) / 2;
    }

    static byte[] readFully(InputStream in, int n, String device, String what) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new BusException(
                        device + ": connection closed in the " + what + " after " + off + " of " + n + " bytes",
                        new EOFException());
            }
            off += r;
        }
        return b;
    }
}
