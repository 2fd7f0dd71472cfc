package org.healbms.cli.report;

/**
 * Picks which samples of a replay go into a chart: at most {@link #MAX_POINTS}, evenly spread. A drive
 * cycle at 10 Hz has far more rows than a 1200-pixel plot can show, and keeping them all would make a
 * report's memory grow with the trace.
 */
final class PointThinning {

    static final int MAX_POINTS = 4000;

    private final long stride;
    private long seen;
    private int kept;

    /** @param expectedSamples rows the trace is expected to have (a guess is fine) */
    PointThinning(long expectedSamples) {
        this.stride = Math.max(1, (expectedSamples + MAX_POINTS - 1) / MAX_POINTS);
    }

    /** Index to store this sample at, or -1 to leave it out. */
    int next() {
        if (seen++ % stride != 0 || kept == MAX_POINTS) {
            return -1;
        }
        return kept++;
    }

    /** Points kept so far. */
    int kept() {
        return kept;
    }
}
