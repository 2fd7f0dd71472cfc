package org.healbms.core.cell;

import java.util.Arrays;

/**
 * A cell quantity tabulated over state of charge and temperature, read by bilinear interpolation.
 *
 * <p>Outside the grid the table holds its edge values (no extrapolation): a model parameter
 * extrapolated past its data is a guess, and a clamped one at least stays physical. A table with a
 * single temperature row is constant in temperature.
 *
 * <p>{@link #value} and {@link #socSlope} allocate nothing, so the estimator can call them every step.
 *
 * @param soc            state-of-charge grid (fraction 0..1), strictly increasing, at least 2 points
 * @param temperatureDegC temperature grid in °C, strictly increasing, at least 1 point
 * @param values         {@code values[t][s]}: one row per temperature, one column per SoC point
 */
public record SocTemperatureTable(double[] soc, double[] temperatureDegC, double[][] values) {

    public SocTemperatureTable {
        requireIncreasing("soc", soc, 2);
        // SoC is a fraction: a grid in percent would load and then look up the wrong values.
        if (soc[0] < 0.0 || soc[soc.length - 1] > 1.0) {
            throw new IllegalArgumentException("soc grid must lie within 0..1 (a fraction, not percent), got "
                    + soc[0] + " .. " + soc[soc.length - 1]);
        }
        requireIncreasing("temperature", temperatureDegC, 1);
        if (values == null || values.length != temperatureDegC.length) {
            throw new IllegalArgumentException("values: expected " + temperatureDegC.length
                    + " rows (one per temperature), got " + (values == null ? 0 : values.length));
        }
        double[][] copy = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            if (values[t] == null || values[t].length != soc.length) {
                throw new IllegalArgumentException("values[" + t + "]: expected " + soc.length
                        + " entries (one per SoC point), got " + (values[t] == null ? 0 : values[t].length));
            }
            for (int s = 0; s < soc.length; s++) {
                if (!Double.isFinite(values[t][s])) {
                    throw new IllegalArgumentException("values[" + t + "][" + s + "] is not a finite number");
                }
            }
            copy[t] = values[t].clone();
        }
        soc = soc.clone();
        temperatureDegC = temperatureDegC.clone();
        values = copy;
    }

    // Accessors hand out copies: the table is a value and must not change under the estimator.
    @Override
    public double[] soc() {
        return soc.clone();
    }

    @Override
    public double[] temperatureDegC() {
        return temperatureDegC.clone();
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            copy[t] = values[t].clone();
        }
        return copy;
    }

    /** A table that depends on SoC only (one temperature row). */
    public static SocTemperatureTable ofSoc(double[] soc, double temperatureDegC, double[] values) {
        return new SocTemperatureTable(soc, new double[] {temperatureDegC}, new double[][] {values});
    }

    /** A table with the same value everywhere. */
    public static SocTemperatureTable constant(double value, double temperatureDegC) {
        return ofSoc(new double[] {0.0, 1.0}, temperatureDegC, new double[] {value, value});
    }

    /** Interpolated value at (soc, temperature), clamped to the grid edges. */
    public double value(double socFraction, double tempDegC) {
        int s = lowerIndex(soc, socFraction);
        double ws = weight(soc, s, socFraction);
        if (temperatureDegC.length == 1) {
            return lerp(values[0][s], values[0][s + 1], ws);
        }
        int t = lowerIndex(temperatureDegC, tempDegC);
        double wt = weight(temperatureDegC, t, tempDegC);
        double low = lerp(values[t][s], values[t][s + 1], ws);
        double high = lerp(values[t + 1][s], values[t + 1][s + 1], ws);
        return lerp(low, high, wt);
    }

    /**
     * Value at (soc, temperature), continued linearly in SoC beyond the grid along the edge segment's
     * slope (temperature is still clamped). For the OCV: an estimator that strays past SoC 0 or 1 must
     * see the voltage keep moving the way {@link #socSlope} says it does, or it cannot find its way
     * back.
     */
    public double valueExtrapolated(double socFraction, double tempDegC) {
        double first = soc[0];
        double last = soc[soc.length - 1];
        if (socFraction < first) {
            return value(first, tempDegC) + (socFraction - first) * socSlope(first, tempDegC);
        }
        if (socFraction > last) {
            return value(last, tempDegC) + (socFraction - last) * socSlope(last, tempDegC);
        }
        return value(socFraction, tempDegC);
    }

    /**
     * d(value)/d(soc) at (soc, temperature): the slope of the segment the point lies in. At and
     * beyond the SoC edges it is the slope of the edge segment, so an estimator linearised there
     * still sees how voltage moves with charge.
     */
    public double socSlope(double socFraction, double tempDegC) {
        int s = lowerIndex(soc, socFraction);
        double width = soc[s + 1] - soc[s];
        if (temperatureDegC.length == 1) {
            return (values[0][s + 1] - values[0][s]) / width;
        }
        int t = lowerIndex(temperatureDegC, tempDegC);
        double wt = weight(temperatureDegC, t, tempDegC);
        double low = (values[t][s + 1] - values[t][s]) / width;
        double high = (values[t + 1][s + 1] - values[t + 1][s]) / width;
        return lerp(low, high, wt);
    }

    /**
     * The SoC at which a table that rises with SoC takes the given value at a temperature (bisection),
     * clamped to the grid: e.g. the SoC of a rested cell from its voltage on the OCV table.
     */
    public double socAt(double value, double tempDegC) {
        double lo = soc[0];
        double hi = soc[soc.length - 1];
        if (value <= value(lo, tempDegC)) {
            return lo;
        }
        if (value >= value(hi, tempDegC)) {
            return hi;
        }
        for (int k = 0; k < 60; k++) {
            double mid = 0.5 * (lo + hi);
            if (value(mid, tempDegC) < value) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Slope of {@link #value} in SoC: the segment slope inside the grid, zero beyond it, where the
     * value is held. */
    public double valueSlope(double socFraction, double tempDegC) {
        return socFraction < soc[0] || socFraction > soc[soc.length - 1] ? 0.0 : socSlope(socFraction, tempDegC);
    }

    /** Smallest value in the table. */
    public double min() {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).min().orElseThrow();
    }

    /** Largest value in the table. */
    public double max() {
        return Arrays.stream(values).flatMapToDouble(Arrays::stream).max().orElseThrow();
    }

    /** Index i of the grid segment [i, i+1] that holds x (clamped to the first or last segment). */
    private static int lowerIndex(double[] grid, double x) {
        if (grid.length == 1) {
            return 0;
        }
        int lo = 0;
        int hi = grid.length - 1;
        if (x <= grid[0]) {
            return 0;
        }
        if (x >= grid[hi]) {
            return hi - 1;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (grid[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double weight(double[] grid, int i, double x) {
        double w = (x - grid[i]) / (grid[i + 1] - grid[i]);
        return w < 0 ? 0 : (w > 1 ? 1 : w);
    }

    private static double lerp(double a, double b, double w) {
        return a + (b - a) * w;
    }

    private static void requireIncreasing(String name, double[] grid, int minPoints) {
        if (grid == null || grid.length < minPoints) {
            throw new IllegalArgumentException(name + " grid: needs at least " + minPoints + " points");
        }
        for (int i = 0; i < grid.length; i++) {
            if (!Double.isFinite(grid[i])) {
                throw new IllegalArgumentException(name + " grid[" + i + "] is not a finite number");
            }
            if (i > 0 && grid[i] <= grid[i - 1]) {
                throw new IllegalArgumentException(name + " grid must be strictly increasing, but ["
                        + (i - 1) + "]=" + grid[i - 1] + " >= [" + i + "]=" + grid[i]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocTemperatureTable other
                && Arrays.equals(soc, other.soc)
                && Arrays.equals(temperatureDegC, other.temperatureDegC)
                && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(soc) + Arrays.hashCode(temperatureDegC)) + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "SocTemperatureTable[" + soc.length + " SoC x " + temperatureDegC.length + " temperature points]";
    }
}
