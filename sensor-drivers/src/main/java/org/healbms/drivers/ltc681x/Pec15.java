package org.healbms.drivers.ltc681x;

/**
 * The LTC681x packet error code: CRC-15, polynomial 0x4599, seed 0x0010, MSB first, sent as
 * {@code remainder << 1} so the 16-bit word's LSB is always 0 (fact sheet section 1 "Frame",
 * datasheet {@code pec15_calc}). Every command, every register group written and every group read
 * carries one; the chip ignores a command or data block whose PEC does not match, and the driver
 * drops a reply whose PEC does not match.
 */
public final class Pec15 {

    private static final int POLYNOMIAL = 0x4599;
    private static final int SEED = 0x0010;
    private static final int[] TABLE = buildTable();

    private Pec15() {}

    /** The 16-bit PEC word (remainder already shifted left) of {@code length} bytes at {@code offset}. */
    public static int of(byte[] bytes, int offset, int length) {
        int remainder = SEED;
        for (int i = offset; i < offset + length; i++) {
            int address = ((remainder >> 7) ^ (bytes[i] & 0xFF)) & 0xFF;
            remainder = ((remainder << 8) ^ TABLE[address]) & 0x7FFF;
        }
        return (remainder << 1) & 0xFFFF;
    }

    /** Writes the PEC of {@code length} bytes at {@code offset} big-endian right after them. */
    public static void append(byte[] bytes, int offset, int length) {
        int pec = of(bytes, offset, length);
        bytes[offset + length] = (byte) (pec >> 8);
        bytes[offset + length + 1] = (byte) pec;
    }

    /** Whether the two bytes after the {@code length} data bytes are their PEC. */
    public static boolean matches(byte[] bytes, int offset, int length) {
        int received = ((bytes[offset + length] & 0xFF) << 8) | (bytes[offset + length + 1] & 0xFF);
        return received == of(bytes, offset, length);
    }

    // One entry per byte value: the 15-bit remainder after clocking those 8 bits through the LFSR,
    // the same table the datasheet's pec15_calc indexes with (remainder >> 7) ^ byte.
    private static int[] buildTable() {
        int[] table = new int[256];
        for (int value = 0; value < 256; value++) {
            int remainder = value << 7;
            for (int bit = 0; bit < 8; bit++) {
                remainder = (remainder & 0x4000) != 0 ? (remainder << 1) ^ POLYNOMIAL : remainder << 1;
            }
            table[value] = remainder & 0x7FFF;
        }
        return table;
    }
}
