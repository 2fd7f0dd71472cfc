package org.healbms.cli.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * PNG of the capacity estimate and its 3σ bound over a replay, thinned like {@link SocPlot}. Written
 * only when the estimator learns capacity.
 */
public final class CapacityPlot {

    private final PointThinning thinning;
    private final double[] minutes = new double[PointThinning.MAX_POINTS];
    private final double[] estimate = new double[PointThinning.MAX_POINTS];
    private final double[] upper = new double[PointThinning.MAX_POINTS];
    private final double[] lower = new double[PointThinning.MAX_POINTS];

    public CapacityPlot(long expectedSamples) {
        this.thinning = new PointThinning(expectedSamples);
    }

    public void add(double elapsedS, double capacityAh, double sigmaAh) {
        if (!Double.isFinite(capacityAh)) {
            return;
        }
        int i = thinning.next();
        if (i < 0) {
            return;
        }
        minutes[i] = elapsedS / 60.0;
        estimate[i] = capacityAh;
        upper[i] = capacityAh + 3 * sigmaAh;
        lower[i] = capacityAh - 3 * sigmaAh;
    }

    /** True if any capacity estimate was seen. */
    public boolean hasData() {
        return thinning.kept() > 0;
    }

    public void write(Path png, String title) throws IOException {
        int n = thinning.kept();
        XYChart chart = new XYChartBuilder()
                .width(1200)
                .height(500)
                .title(title)
                .xAxisTitle("time / min")
                .yAxisTitle("capacity / Ah")
                .build();
        chart.getStyler().setMarkerSize(0);
        double[] x = Arrays.copyOf(minutes, n);
        PngChart.bound(chart, "capacity ±3σ", x, Arrays.copyOf(upper, n), Arrays.copyOf(lower, n));
        PngChart.line(
                chart.addSeries("capacity estimate", x, Arrays.copyOf(estimate, n)), new Color(20, 70, 160), 1.5f);
        PngChart.write(chart, png);
    }
}
