package org.healbms.core.cell;

import java.util.Arrays;
import java.util.Locale;

/**
 * A cell quantity tabulated over state of charge and temperature, read by bilinear interpolation.
 *
 * <p>In temperature the table follows one of two laws. {@link TemperatureLaw#LINEAR} (the default,
 * for the OCV and for anything without a physical law in temperature) interpolates linearly between
 * rows and holds the edge rows beyond them: a model parameter extrapolated past its data is a guess,
 * and a clamped one at least stays physical. {@link TemperatureLaw#ARRHENIUS} (for resistances and
 * time constants, which are thermally activated) interpolates ln(value) linearly in 1/T between rows,
 * and beyond them holds the edge row for {@value #EDGE_HOLD_K} K (the edge row was fitted to tests that
 * ran that much either side of it), then continues the edge pair's activation energy, clamped to
 * 0..{@value #MAX_ACTIVATION_J_PER_MOL} J/mol, up to {@value #EXTRAPOLATION_K} K beyond the rows, then holds. A cell at -5 degC
 * between rows at -10 and 0 degC then has the resistance of the exponential law through them, and a
 * cell colder than any test a larger one, not the coldest row's. A SoC column with a value that is not
 * positive has no logarithm and is read linearly. A table with a single temperature row is constant in
 * temperature under either law.
 *
 * <p>{@link #value} and {@link #socSlope} allocate nothing, so the estimator can call them every step.
 * An Arrhenius table is resampled once, at construction, onto rows every {@value #DENSE_STEP_K} K, so
 * a lookup costs the same as a linear one (no exponential per call).
 */
public final class SocTemperatureTable {

    /** How a table varies with temperature between and beyond its rows. */
    public enum TemperatureLaw {
        LINEAR,
        ARRHENIUS
    }

    private static final double KELVIN = 273.15;
    private static final double GAS_CONSTANT = 8.314;
    /** Highest activation energy used to extrapolate: above that of any Li-ion process reported. */
    static final double MAX_ACTIVATION_J_PER_MOL = 100_000.0;
    /** How far beyond its edge rows an Arrhenius table holds them before it extrapolates, K: a row
     * comes from tests that warm a few kelvin under load (the margin TemperatureExtrapolation grants). */
    static final double EDGE_HOLD_K = TemperatureExtrapolation.MARGIN_K;
    /** How far beyond its rows an Arrhenius table extrapolates before it holds, K. */
    static final double EXTRAPOLATION_K = 30.0;
    /** Spacing of the resampled rows of an Arrhenius table, K: linear interpolation between them is
     * within 1e-4 of the exponential law for a resistance that changes 5 % per kelvin. */
    static final double DENSE_STEP_K = 0.5;

    private final double[] soc;
    private final double[] temperatureDegC;
    private final double[][] values;
    private final TemperatureLaw law;
    /** The rows lookups use: the table's own, or an Arrhenius table's resampled ones. */
    private final double[] lookupTemps;

    private final double[][] lookupRows;
    /** The segments of the SoC grid and of a linear table's temperature rows, found without a bisection. */
    private final GridSegments socSegments;

    private final GridSegments temperatureSegments;

    /**
     * @param soc             state-of-charge grid (fraction 0..1), strictly increasing, at least 2 points
     * @param temperatureDegC temperature grid in °C, strictly increasing, at least 1 point
     * @param values          {@code values[t][s]}: one row per temperature, one column per SoC point
     */
    public SocTemperatureTable(double[] soc, double[] temperatureDegC, double[][] values) {
        this(soc, temperatureDegC, values, TemperatureLaw.LINEAR);
    }

    public SocTemperatureTable(double[] soc, double[] temperatureDegC, double[][] values, TemperatureLaw law) {
        requireIncreasing("soc", soc, 2);
        // SoC is a fraction: a grid in percent would load and then look up the wrong values.
        if (soc[0] < 0.0 || soc[soc.length - 1] > 1.0) {
            throw new IllegalArgumentException("soc grid must lie within 0..1 (a fraction, not percent), got " + soc[0]
                    + " .. " + soc[soc.length - 1]);
        }
        requireIncreasing("temperature", temperatureDegC, 1);
        if (values == null || values.length != temperatureDegC.length) {
            throw new IllegalArgumentException("values: expected " + temperatureDegC.length
                    + " rows (one per temperature), got " + (values == null ? 0 : values.length));
        }
        if (law == null) {
            throw new IllegalArgumentException("temperature law must be given");
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
        this.soc = soc.clone();
        this.temperatureDegC = temperatureDegC.clone();
        this.values = copy;
        this.law = law;
        if (law == TemperatureLaw.ARRHENIUS && temperatureDegC.length > 1) {
            double first = temperatureDegC[0] - EXTRAPOLATION_K;
            int rows = (int) Math.ceil(
                            (temperatureDegC[temperatureDegC.length - 1] + EXTRAPOLATION_K - first) / DENSE_STEP_K)
                    + 1;
            lookupTemps = new double[rows];
            lookupRows = new double[rows][];
            for (int r = 0; r < rows; r++) {
                lookupTemps[r] = first + r * DENSE_STEP_K;
                lookupRows[r] = arrheniusRow(lookupTemps[r]);
            }
        } else {
            lookupTemps = this.temperatureDegC;
            lookupRows = this.values;
        }
        this.socSegments = new GridSegments(this.soc);
        this.temperatureSegments = new GridSegments(this.temperatureDegC);
    }

    /** The Arrhenius law's row at a temperature, from the table's own rows. */
    private double[] arrheniusRow(double degC) {
        double[] row = new double[soc.length];
        int n = temperatureDegC.length;
        int t = GridSegments.bisect(temperatureDegC, degC);
        for (int s = 0; s < soc.length; s++) {
            boolean positive = true;
            for (double[] v : values) {
                positive &= v[s] > 0;
            }
            if (!positive) {
                row[s] = lerp(values[t][s], values[t + 1][s], weight(temperatureDegC, t, degC));
                continue;
            }
            double x = 1.0 / (degC + KELVIN);
            double x0 = 1.0 / (temperatureDegC[t] + KELVIN);
            double x1 = 1.0 / (temperatureDegC[t + 1] + KELVIN);
            double y0 = Math.log(values[t][s]);
            double y1 = Math.log(values[t + 1][s]);
            double slope = (y1 - y0) / (x1 - x0); // Ea / R
            boolean beyond = degC < temperatureDegC[0] || degC > temperatureDegC[n - 1];
            if (beyond) {
                slope = Math.clamp(slope, 0.0, MAX_ACTIVATION_J_PER_MOL / GAS_CONSTANT);
                boolean cold = degC < temperatureDegC[0];
                double edgeX = cold ? x0 : x1;
                double edgeY = cold ? y0 : y1;
                // The edge row holds for EDGE_HOLD_K: it was fitted to tests that ran that much either
                // side of its temperature, so the law takes over only beyond them.
                double held = cold
                        ? Math.min(degC + EDGE_HOLD_K, temperatureDegC[0])
                        : Math.max(degC - EDGE_HOLD_K, temperatureDegC[n - 1]);
                row[s] = Math.exp(edgeY + slope * (1.0 / (held + KELVIN) - edgeX));
            } else {
                row[s] = Math.exp(y0 + slope * (x - x0));
            }
        }
        return row;
    }

    // Accessors hand out copies: the table is a value and must not change under the estimator.
    public double[] soc() {
        return soc.clone();
    }

    /** The temperatures of the table's own rows (for an Arrhenius table, those it was built from). */
    public double[] temperatureDegC() {
        return temperatureDegC.clone();
    }

    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int t = 0; t < values.length; t++) {
            copy[t] = values[t].clone();
        }
        return copy;
    }

    /** How the table varies with temperature. */
    public TemperatureLaw law() {
        return law;
    }

    /** The same rows under another temperature law. */
    public SocTemperatureTable withLaw(TemperatureLaw other) {
        return new SocTemperatureTable(soc, temperatureDegC, values, other);
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
        int s = socSegments.lowerIndex(socFraction);
        double ws = weight(soc, s, socFraction);
        double[] temps = lookupTemps;
        if (temps.length == 1) {
            return interpolate(s, ws, 0, 0.0);
        }
        int t = temperatureIndex(tempDegC);
        return interpolate(s, ws, t, weight(temps, t, tempDegC));
    }

    /**
     * Finds where (soc, temperature) lies on this table's grid, for {@link #value(GridPoint)} of this
     * table and of every table that {@link #sharesGridWith} it.
     */
    public void locate(double socFraction, double tempDegC, GridPoint into) {
        int s = socSegments.lowerIndex(socFraction);
        into.socIndex = s;
        into.socWeight = weight(soc, s, socFraction);
        double[] temps = lookupTemps;
        if (temps.length == 1) {
            into.rowIndex = 0;
            into.rowWeight = 0.0;
        } else {
            int t = temperatureIndex(tempDegC);
            into.rowIndex = t;
            into.rowWeight = weight(temps, t, tempDegC);
        }
    }

    /** {@link #value(double, double)} at a point located on this table's grid, or one it shares. */
    public double value(GridPoint at) {
        return interpolate(at.socIndex, at.socWeight, at.rowIndex, at.rowWeight);
    }

    /**
     * Whether a point located on this table is one on the other's: the same SoC points and the same
     * lookup rows (an Arrhenius table's resampled ones, found the same way), so both find the same
     * segment and weights. Tables of one row each are constant in temperature, whichever it is.
     */
    public boolean sharesGridWith(SocTemperatureTable other) {
        if (!Arrays.equals(soc, other.soc)) {
            return false;
        }
        if (lookupTemps.length == 1 || other.lookupTemps.length == 1) {
            return lookupTemps.length == other.lookupTemps.length;
        }
        return Arrays.equals(lookupTemps, other.lookupTemps)
                && (lookupTemps == temperatureDegC) == (other.lookupTemps == other.temperatureDegC);
    }

    /** Bilinear interpolation in SoC segment s and lookup row t (the row alone when there is one). */
    private double interpolate(int s, double ws, int t, double wt) {
        double[][] rows = lookupRows;
        if (lookupTemps.length == 1) {
            return lerp(rows[0][s], rows[0][s + 1], ws);
        }
        double low = lerp(rows[t][s], rows[t][s + 1], ws);
        double high = lerp(rows[t + 1][s], rows[t + 1][s + 1], ws);
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
        int s = socSegments.lowerIndex(socFraction);
        if (lookupTemps.length == 1) {
            return slope(s, 0, 0.0);
        }
        int t = temperatureIndex(tempDegC);
        return slope(s, t, weight(lookupTemps, t, tempDegC));
    }

    /**
     * {@link #socSlope(double, double)} at a point located on this table's grid ({@link #locate}): the
     * same figure, with the search that {@link #valueExtrapolated(double, double, GridPoint)} reuses.
     */
    public double socSlope(GridPoint at) {
        return slope(at.socIndex, at.rowIndex, at.rowWeight);
    }

    /** The slope of SoC segment s in lookup row t, interpolated towards row t + 1 (the row alone when there is one). */
    private double slope(int s, int t, double wt) {
        double width = soc[s + 1] - soc[s];
        double[][] rows = lookupRows;
        if (lookupTemps.length == 1) {
            return (rows[0][s + 1] - rows[0][s]) / width;
        }
        double low = (rows[t][s + 1] - rows[t][s]) / width;
        double high = (rows[t + 1][s + 1] - rows[t + 1][s]) / width;
        return lerp(low, high, wt);
    }

    /**
     * {@link #valueExtrapolated(double, double)} where {@code at} is that SoC and temperature located on
     * this table's grid: inside the grid the point serves, beyond it the edge's slope carries on as there.
     */
    public double valueExtrapolated(double socFraction, double tempDegC, GridPoint at) {
        return socFraction < soc[0] || socFraction > soc[soc.length - 1]
                ? valueExtrapolated(socFraction, tempDegC)
                : value(at);
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

    /** The largest value over the SoC nodes at one temperature (interpolated between the rows as {@link #value}). */
    public double maxOverSoc(double tempDegC) {
        double m = Double.NEGATIVE_INFINITY;
        for (double s : soc) {
            m = Math.max(m, value(s, tempDegC));
        }
        return m;
    }

    /** Segment of the lookup rows that holds a temperature: arithmetic on an Arrhenius table's even
     * spacing, a bisection on a linear table's own rows. */
    private int temperatureIndex(double tempDegC) {
        if (lookupTemps == temperatureDegC) {
            return temperatureSegments.lowerIndex(tempDegC);
        }
        double r = (tempDegC - lookupTemps[0]) / DENSE_STEP_K;
        if (!(r > 0)) {
            return 0;
        }
        return (int) Math.min(r, lookupTemps.length - 2);
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
                throw new IllegalArgumentException(name + " grid must be strictly increasing, but [" + (i - 1) + "]="
                        + grid[i - 1] + " >= [" + i + "]=" + grid[i]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocTemperatureTable other
                && law == other.law
                && Arrays.equals(soc, other.soc)
                && Arrays.equals(temperatureDegC, other.temperatureDegC)
                && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(soc) + Arrays.hashCode(temperatureDegC)) + Arrays.deepHashCode(values))
                + law.hashCode();
    }

    @Override
    public String toString() {
        return "SocTemperatureTable[" + soc.length + " SoC x " + temperatureDegC.length + " temperature points, "
                + law.name().toLowerCase(Locale.ROOT) + "]";
    }
}
