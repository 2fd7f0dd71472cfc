package org.healbms.core.identification;

import java.util.Arrays;

/**
 * Identifies the OCV curve from a low-rate (≤ C/20) test: a discharge from full to the lower voltage
 * limit, optionally followed by a charge.
 *
 * <p>SoC 0 is the end of the low-rate discharge and SoC 1 the start of it (the test starts full), so
 * the capacity the SoC axis is scaled to is the charge the discharge delivered, unless the caller
 * fixes it. Each branch carries the low-rate IR drop and the hysteresis with opposite signs; their
 * mean is the centre line the model's hysteresis state moves around, and half their gap is reported
 * as the hysteresis estimate. Where only the discharge branch exists (a charge that stopped at the
 * upper voltage limit under constant current covers less than the full range), the centre line is
 * the discharge branch raised by the nearest measured half-gap. Without a charge branch the centre
 * line is the discharge branch itself and no hysteresis is identified.
 */
public final class OcvIdentification {

    /** Highest mean discharge rate accepted as "low rate": C/15 leaves room for testers that run
     * slightly above C/20; anything faster bends the curve by its IR drop and diffusion lag. */
    static final double MAX_C_RATE = 1.0 / 15.0;

    /** How far beyond the SoC a branch covers its edge value may be held, fraction: less than the
     * finest grid step, so that a held value never makes two grid points equal (a flat OCV). */
    private static final double EDGE_HOLD = 0.002;
    /** Least SoC span an OCV test must cover on the common axis to shape a curve. */
    static final double MIN_COVERED_SPAN = 0.2;

    private OcvIdentification() {}

    /** SoC grid of the identified curve: finer near the ends, where the curve bends. */
    static double[] socGrid() {
        double[] grid = new double[105];
        int n = 0;
        for (double s : new double[] {0.0, 0.0025, 0.005, 0.0075}) {
            grid[n++] = s;
        }
        for (int i = 1; i <= 99; i++) {
            grid[n++] = i / 100.0;
        }
        grid[n++] = 0.995;
        grid[n++] = 1.0;
        return Arrays.copyOf(grid, n);
    }

    /**
     * @param test       the low-rate test, starting full
     * @param capacityAh capacity to scale the SoC axis to, or NaN to use the discharge branch's charge
     */
    public static OcvCurve identify(CellRecording test, double capacityAh) throws IdentificationException {
        double threshold = loadThreshold(test.currentA());
        if (!(threshold > 0)) {
            throw new IdentificationException(
                    test.name() + ": no current flows in this test; an OCV test needs a low-rate discharge");
        }
        int[] discharge = longestRun(test.currentA(), -threshold);
        if (discharge == null) {
            throw new IdentificationException(
                    test.name() + ": no discharge branch found; an OCV test needs a low-rate discharge from full");
        }
        double[] q = test.chargeAh();
        double dischargedAh = q[discharge[0]] - q[discharge[1]];
        double durationH = (test.timeS()[discharge[1]] - test.timeS()[discharge[0]]) / 3600.0;
        if (durationH <= 0 || dischargedAh <= 0) {
            throw new IdentificationException(test.name() + ": the discharge branch has no duration");
        }
        double capacity = Double.isNaN(capacityAh) ? dischargedAh : capacityAh;
        double meanC = dischargedAh / durationH / capacity;
        if (meanC > MAX_C_RATE) {
            throw new IdentificationException(String.format(
                    "%s: the discharge runs at C/%.1f; an OCV curve needs a low-rate test (C/20 or slower, at most C/15)",
                    test.name(), 1.0 / meanC));
        }
        if (discharge[1] - discharge[0] < 50) {
            throw new IdentificationException(test.name() + ": the discharge branch has only "
                    + (discharge[1] - discharge[0] + 1) + " samples; at least 50 are needed to shape an OCV curve");
        }
        // SoC on the discharge branch counts down from full; SoC 0 is where the discharge ends.
        double socAtDischargeEnd = 1.0 - dischargedAh / capacity;
        double[] grid = socGrid();
        double[] dischargeV = branchOnGrid(test, discharge, q[discharge[1]], socAtDischargeEnd, capacity, grid);

        int[] charge = longestRunAfter(test.currentA(), threshold, discharge[1]);
        double[] chargeV = charge == null
                ? nanArray(grid.length)
                : branchOnGrid(test, charge, q[discharge[1]], socAtDischargeEnd, capacity, grid);

        double[] halfGap = new double[grid.length];
        double[] centre = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            halfGap[g] = (chargeV[g] - dischargeV[g]) / 2.0;
        }
        boolean anyGap = Arrays.stream(halfGap).anyMatch(Double::isFinite);
        // Where neither branch reaches (a cold test stops at the voltage limit before the common axis's
        // SoC 0) the curve is NaN: the other temperatures' curves fill it in (OcvAcrossTemperature).
        for (int g = 0; g < grid.length; g++) {
            if (Double.isFinite(halfGap[g])) {
                centre[g] = (chargeV[g] + dischargeV[g]) / 2.0;
            } else if (Double.isFinite(dischargeV[g])) {
                centre[g] = dischargeV[g] + (anyGap ? nearestFinite(halfGap, g) : 0.0);
            } else if (Double.isFinite(chargeV[g])) {
                centre[g] = chargeV[g] - nearestFinite(halfGap, g);
            } else {
                centre[g] = Double.NaN;
            }
        }
        int lo = 0;
        while (lo < grid.length && !Double.isFinite(centre[lo])) {
            lo++;
        }
        int hi = grid.length - 1;
        while (hi > lo && !Double.isFinite(centre[hi])) {
            hi--;
        }
        if (lo == grid.length || grid[hi] - grid[lo] < MIN_COVERED_SPAN) {
            throw new IdentificationException(String.format(
                    "%s: the OCV test covers only %s of the SoC axis (%.4f Ah); at least %.2f is needed to shape an OCV curve",
                    test.name(), coverage(grid, dischargeV, chargeV), capacity, MIN_COVERED_SPAN));
        }
        for (int g = lo; g <= hi; g++) {
            if (!Double.isFinite(centre[g])) {
                throw new IdentificationException(String.format(
                        "%s: the OCV test has a gap at SoC %.3f (its branches cover %s); a low-rate test must run without interruption",
                        test.name(), grid[g], coverage(grid, dischargeV, chargeV)));
            }
        }
        for (int g = lo + 1; g <= hi; g++) {
            if (centre[g] <= centre[g - 1]) {
                throw new IdentificationException(String.format(
                        "%s: the identified OCV does not rise with SoC between %.3f and %.3f (%.4f V -> %.4f V); check the test's sign convention (positive = charge)",
                        test.name(), grid[g - 1], grid[g], centre[g - 1], centre[g]));
            }
        }
        double temperature = meanTemperature(test, discharge, charge);
        int first = Math.max(0, discharge[0] - 1);
        int last = charge == null ? discharge[1] : charge[1];
        return new OcvCurve(
                test.name(),
                grid,
                centre,
                dischargeV,
                chargeV,
                halfGap,
                capacity,
                dischargedAh,
                meanC,
                temperature,
                first,
                last);
    }

    /** Half of a high percentile of |current|: separates load from rest whatever the test's rate. */
    private static double loadThreshold(double[] current) {
        double[] abs = Arrays.stream(current)
                .filter(Double::isFinite)
                .map(Math::abs)
                .sorted()
                .toArray();
        if (abs.length == 0) {
            return 0;
        }
        return 0.5 * abs[(int) (0.9 * (abs.length - 1))];
    }

    /** [first, last] of the run with current beyond the threshold (sign gives the direction)
     * that moves the most charge; null if none. */
    private static int[] longestRun(double[] current, double signedThreshold) {
        return longestRunAfter(current, signedThreshold, -1);
    }

    private static int[] longestRunAfter(double[] current, double signedThreshold, int after) {
        int[] best = null;
        int start = -1;
        for (int k = after + 1; k <= current.length; k++) {
            boolean on = k < current.length
                    && (signedThreshold < 0 ? current[k] < signedThreshold : current[k] > signedThreshold);
            if (on && start < 0) {
                start = k;
            } else if (!on && start >= 0) {
                if (best == null || k - 1 - start > best[1] - best[0]) {
                    best = new int[] {start, k - 1};
                }
                start = -1;
            }
        }
        return best;
    }

    /** Interpolates a branch's voltage onto the grid by SoC; NaN where the branch does not reach,
     * except within EDGE_HOLD of its ends, where the end value is held. */
    private static double[] branchOnGrid(
            CellRecording test,
            int[] run,
            double qAtSocZeroRef,
            double socAtDischargeEnd,
            double capacity,
            double[] grid) {
        int n = run[1] - run[0] + 1;
        double[] soc = new double[n];
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            soc[k] = socAtDischargeEnd + (test.chargeAh()[run[0] + k] - qAtSocZeroRef) / capacity;
            v[k] = test.voltageV()[run[0] + k];
        }
        if (soc[0] > soc[n - 1]) { // discharge: reverse so SoC increases
            reverse(soc);
            reverse(v);
        }
        double[] out = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            double s = grid[g];
            if (s < soc[0] - EDGE_HOLD || s > soc[n - 1] + EDGE_HOLD) {
                out[g] = Double.NaN;
            } else if (s <= soc[0]) {
                out[g] = v[0];
            } else if (s >= soc[n - 1]) {
                out[g] = v[n - 1];
            } else {
                int i = Arrays.binarySearch(soc, s);
                if (i >= 0) {
                    out[g] = v[i];
                } else {
                    int hi = -i - 1;
                    int lo = hi - 1;
                    double w = (s - soc[lo]) / (soc[hi] - soc[lo]);
                    out[g] = v[lo] + w * (v[hi] - v[lo]);
                }
            }
        }
        return out;
    }

    private static double meanTemperature(CellRecording test, int[] discharge, int[] charge) {
        double sum = 0;
        int count = 0;
        for (int[] run : charge == null ? new int[][] {discharge} : new int[][] {discharge, charge}) {
            for (int k = run[0]; k <= run[1]; k++) {
                double t = test.temperatureDegC()[k];
                if (Double.isFinite(t)) {
                    sum += t;
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private static double nearestFinite(double[] values, int index) {
        for (int d = 1; d < values.length; d++) {
            if (index - d >= 0 && Double.isFinite(values[index - d])) {
                return values[index - d];
            }
            if (index + d < values.length && Double.isFinite(values[index + d])) {
                return values[index + d];
            }
        }
        return 0.0;
    }

    private static String coverage(double[] grid, double[] a, double[] b) {
        double lo = Double.NaN;
        double hi = Double.NaN;
        for (int g = 0; g < grid.length; g++) {
            if (Double.isFinite(a[g]) || Double.isFinite(b[g])) {
                lo = Double.isNaN(lo) ? grid[g] : lo;
                hi = grid[g];
            }
        }
        return String.format("SoC %.3f to %.3f", lo, hi);
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
