package org.healbms.core.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bucketed segment search gives the bisection's answer everywhere, on grids of every spacing. */
class GridSegmentsTest {

    @Test
    void theBucketsAnswerAsTheBisectionDoesOnUnevenGrids() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(120);
            double[] grid = new double[n];
            double at = -1 + random.nextDouble();
            for (int i = 0; i < n; i++) {
                // Steps from 1e-6 to 1 apart: dense OCV knees beside wide plateaus.
                at += Math.pow(10, -6 * random.nextDouble());
                grid[i] = at;
            }
            GridSegments segments = new GridSegments(grid);
            for (double x : grid) {
                assertThat(segments.lowerIndex(x)).isEqualTo(GridSegments.bisect(grid, x));
                assertThat(segments.lowerIndex(Math.nextUp(x))).isEqualTo(GridSegments.bisect(grid, Math.nextUp(x)));
                assertThat(segments.lowerIndex(Math.nextDown(x)))
                        .isEqualTo(GridSegments.bisect(grid, Math.nextDown(x)));
            }
            for (int k = 0; k < 1000; k++) {
                double x = grid[0] - 0.1 + (grid[n - 1] - grid[0] + 0.2) * random.nextDouble();
                assertThat(segments.lowerIndex(x)).isEqualTo(GridSegments.bisect(grid, x));
            }
            for (double x : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
                assertThat(segments.lowerIndex(x)).isEqualTo(GridSegments.bisect(grid, x));
            }
        }
    }

    @Test
    void aPointInsideTheGridLiesInItsSegment() {
        double[] grid = {0.0, 0.01, 0.02, 0.5, 0.51, 1.0};
        GridSegments segments = new GridSegments(grid);
        assertThat(segments.lowerIndex(0.015)).isEqualTo(1);
        assertThat(segments.lowerIndex(0.02)).isEqualTo(2);
        assertThat(segments.lowerIndex(0.3)).isEqualTo(2);
        assertThat(segments.lowerIndex(0.9)).isEqualTo(4);
        assertThat(segments.lowerIndex(1.0)).isEqualTo(4);
        assertThat(segments.lowerIndex(-3)).isEqualTo(0);
    }
}
