package org.healbms.drivers.bus;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One classic CAN frame with an 11-bit identifier, as it went onto or came off the bus.
 *
 * @param id             the 11-bit identifier, 0 .. 0x7FF
 * @param data           the payload, 0 .. 8 bytes: its length is the frame's DLC
 * @param timestampNanos when it was sent or received, on the monotonic clock ({@link System#nanoTime()})
 */
public record CanFrame(int id, byte[] data, long timestampNanos) {

    public static final int MAX_ID = 0x7FF;
    public static final int MAX_DATA = 8;

    public CanFrame {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("CAN id 0x%X is not an 11-bit identifier".formatted(id));
        }
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("CAN frame 0x%03X: %d data bytes, at most 8".formatted(id, data.length));
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The data length code: how many data bytes the frame carries. */
    public int dlc() {
        return data.length;
    }

    /** Data byte {@code i} as an unsigned number. */
    public int u8(int i) {
        return data[i] & 0xFF;
    }

    /** The little-endian unsigned 16-bit word at {@code i}. */
    public int u16(int i) {
        return u8(i) | u8(i + 1) << 8;
    }

    /** The little-endian signed (two's complement) 16-bit word at {@code i}. */
    public int s16(int i) {
        return (short) u16(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanFrame f
                && f.id == id
                && f.timestampNanos == timestampNanos
                && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + Arrays.hashCode(data)) + Long.hashCode(timestampNanos);
    }

    /** As candump prints it: {@code 351 [8] 28 02 F4 01 E8 03 E0 01}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("%03X [%d]".formatted(id, data.length));
        for (byte b : data) {
            s.append(' ').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return s.toString();
    }
}
