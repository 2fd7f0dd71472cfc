package org.healbms.core.cell;

/**
 * Which segment [i, i+1] of a strictly increasing grid holds a value: the answer a bisection gives,
 * found through a table of evenly spaced buckets and a step or two along the grid. A bisection of the
 * OCV's hundred SoC points took a third of an estimator step (several tables are read per step, each
 * with its branches mispredicted); this costs a multiplication and a few comparisons.
 */
final class GridSegments {

    /** Buckets per grid point: most buckets then start at the right segment or one before it. */
    private static final int BUCKETS_PER_POINT = 4;

    private final double[] grid;
    private final double first;
    private final double last;
    private final double bucketsPerUnit;
    /** The segment that holds each bucket's lower edge. */
    private final int[] bucketStart;

    /** @param grid strictly increasing (checked by the table that owns it); not copied, never written */
    GridSegments(double[] grid) {
        this.grid = grid;
        this.first = grid[0];
        this.last = grid[grid.length - 1];
        int buckets = grid.length == 1 ? 1 : BUCKETS_PER_POINT * grid.length;
        this.bucketsPerUnit = grid.length == 1 ? 0.0 : buckets / (last - first);
        this.bucketStart = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            bucketStart[b] = bisect(grid, first + b / bucketsPerUnit);
        }
    }

    /** Index i of the segment [i, i+1] that holds x, clamped to the first or last segment (0 for one point). */
    int lowerIndex(double x) {
        if (grid.length == 1 || !(x > first)) {
            // NaN too, as the bisection answers.
            return 0;
        }
        if (x >= last) {
            return grid.length - 2;
        }
        int lo = bucketStart[Math.min((int) ((x - first) * bucketsPerUnit), bucketStart.length - 1)];
        // first < x < last: both walks stop inside the grid, at the one i with grid[i] <= x < grid[i + 1].
        while (grid[lo + 1] <= x) {
            lo++;
        }
        while (grid[lo] > x) {
            lo--;
        }
        return lo;
    }

    /** The same answer by bisection: for the bucket table, and the reference the tests hold it to. */
    static int bisect(double[] grid, double x) {
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
}
