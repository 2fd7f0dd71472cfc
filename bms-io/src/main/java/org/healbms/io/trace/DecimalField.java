package org.healbms.io.trace;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * A trace field's number: the plain decimals testers write ({@code -0.04981}, {@code 14103.979}) are
 * read exactly by Clinger's fast path, every other form (exponents, long mantissas) by FastDoubleParser.
 *
 * <p>Why not FastDoubleParser for all: on JDK 23 and later its multi-release jar reads chars through a
 * {@code MemorySegment} made per call. Once C2 has compiled and inlined the parse that object is
 * scalar-replaced, but a replay of one trace runs mostly before that: the interpreter and C1 go
 * through the whole foreign-memory access path for every four digits and allocate about 100 bytes a
 * row. The fast path is a handful of integer operations in any tier.
 *
 * <p>It is exact: a mantissa below 2^53 and a power of ten up to 10^22 are both doubles, and one IEEE
 * division of them is the correctly rounded value of the decimal, as Double.parseDouble gives it.
 */
final class DecimalField {

    /** Beyond this a mantissa is no longer an exact double. */
    private static final long EXACT_MANTISSA = 1L << 53;

    /** 10^0 .. 10^22, every one exact in a double. */
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int k = 0; k < POWERS_OF_TEN.length; k++) {
            POWERS_OF_TEN[k] = p;
            p *= 10;
        }
    }

    private DecimalField() {}

    /**
     * The number in {@code buf[start, start + len)}, trimmed, non-empty.
     *
     * @throws NumberFormatException if it is not a number
     */
    static double parse(char[] buf, int start, int len) {
        int end = start + len;
        int i = start;
        boolean negative = false;
        if (buf[i] == '-' || buf[i] == '+') {
            negative = buf[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean point = false;
        for (; i < end; i++) {
            char c = buf[i];
            if (c >= '0' && c <= '9') {
                // 18 digits cannot overflow a long; more go to the general parser.
                if (++digits > 18) {
                    return JavaDoubleParser.parseDouble(buf, start, len);
                }
                mantissa = 10 * mantissa + (c - '0');
                if (point) {
                    fractionDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return JavaDoubleParser.parseDouble(buf, start, len);
            }
        }
        if (digits == 0 || mantissa > EXACT_MANTISSA || fractionDigits >= POWERS_OF_TEN.length) {
            return JavaDoubleParser.parseDouble(buf, start, len);
        }
        double value = mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }
}
