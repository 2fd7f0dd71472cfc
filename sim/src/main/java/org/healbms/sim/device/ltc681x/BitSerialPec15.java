package org.healbms.sim.device.ltc681x;

/**
 * PEC15 computed bit by bit, straight from the datasheet's LFSR description (polynomial 0x4599,
 * seed 0x0010, result shifted left once). The driver uses a table; keeping this emulator's own
 * bit-serial form means a table bug in the driver cannot be hidden by the same bug here.
 */
final class BitSerialPec15 {

    private BitSerialPec15() {}

    static int of(byte[] bytes, int offset, int length) {
        int remainder = 0x0010;
        for (int i = offset; i < offset + length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                int in = (bytes[i] >> bit & 1) ^ (remainder >> 14 & 1);
                remainder = (remainder << 1) & 0x7FFF;
                if (in != 0) {
                    remainder ^= 0x4599;
                }
            }
        }
        return (remainder << 1) & 0xFFFF;
    }

    static boolean matches(byte[] bytes, int offset, int length) {
        int received = (bytes[offset + length] & 0xFF) << 8 | bytes[offset + length + 1] & 0xFF;
        return received == of(bytes, offset, length);
    }

    static void append(byte[] bytes, int offset, int length) {
        int pec = of(bytes, offset, length);
        bytes[offset + length] = (byte) (pec >> 8);
        bytes[offset + length + 1] = (byte) pec;
    }
}
