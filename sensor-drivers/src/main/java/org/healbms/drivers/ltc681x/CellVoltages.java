package org.healbms.drivers.ltc681x;

import java.util.Arrays;
import java.util.List;

/**
 * One IC's cell voltages. Index 0 is cell 1 (C1 - C0). A code of 0xFFFF means the register was
 * cleared and not refreshed (fact sheet: "0xFFFF = cleared or no data"): that cell is flagged and
 * its volts are NaN, never a plausible 6.5535 V.
 *
 * @param ic    position in the chain, 0 = nearest the host
 * @param codes raw register codes, 100 uV each
 */
public record CellVoltages(int ic, int[] codes) {

    public static final double VOLTS_PER_LSB = 100e-6;
    public static final int NO_DATA = 0xFFFF;

    public CellVoltages {
        codes = codes.clone();
    }

    /** Decodes consecutive 6-byte groups, three little-endian codes each. */
    static CellVoltages decode(int ic, List<byte[]> groups) {
        int[] codes = new int[groups.size() * 3];
        for (int g = 0; g < groups.size(); g++) {
            for (int k = 0; k < 3; k++) {
                codes[3 * g + k] = littleEndian(groups.get(g), 2 * k);
            }
        }
        return new CellVoltages(ic, codes);
    }

    static int littleEndian(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    /** Volts per cell; NaN where {@link #noData()} is set. */
    public double[] volts() {
        return Arrays.stream(codes)
                .mapToDouble(c -> c == NO_DATA ? Double.NaN : c * VOLTS_PER_LSB)
                .toArray();
    }

    /**
     * One cell's volts (index 0 = cell 1), NaN without a result: what {@link #volts()} holds for it,
     * without copying the IC's twelve or eighteen for each cell a device reads.
     */
    public double volts(int index) {
        return codes[index] == NO_DATA ? Double.NaN : codes[index] * VOLTS_PER_LSB;
    }

    /** Whether one cell's register (index 0 = cell 1) held no conversion result. */
    public boolean noData(int index) {
        return codes[index] == NO_DATA;
    }

    /** Per cell: the register held no conversion result. */
    public boolean[] noData() {
        boolean[] flags = new boolean[codes.length];
        for (int i = 0; i < codes.length; i++) {
            flags[i] = codes[i] == NO_DATA;
        }
        return flags;
    }

    /** Whether every cell has a result. */
    public boolean complete() {
        return Arrays.stream(codes).noneMatch(c -> c == NO_DATA);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CellVoltages that && ic == that.ic && Arrays.equals(codes, that.codes);
    }

    @Override
    public int hashCode() {
        return 31 * ic + Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return "CellVoltages[ic=" + ic + ", volts=" + Arrays.toString(volts()) + "]";
    }
}
