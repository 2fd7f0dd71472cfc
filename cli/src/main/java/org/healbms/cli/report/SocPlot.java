package org.healbms.cli.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * PNG plot of a replay: estimated SoC with its 3σ band, the reference, and the coulomb-counting
 * baseline, over time in minutes.
 */
public final class SocPlot {

    private final PointThinning thinning;
    private final double[] minutes = new double[PointThinning.MAX_POINTS];
    private final double[] estimate = new double[PointThinning.MAX_POINTS];
    private final double[] upper = new double[PointThinning.MAX_POINTS];
    private final double[] lower = new double[PointThinning.MAX_POINTS];
    private final double[] reference = new double[PointThinning.MAX_POINTS];
    private final double[] baseline = new double[PointThinning.MAX_POINTS];

    /** @param expectedSamples rows the trace is expected to have (a guess is fine; the plot thins to fit) */
    public SocPlot(long expectedSamples) {
        this.thinning = new PointThinning(expectedSamples);
    }

    public void add(double elapsedS, double socEstimate, double socSigma, double socReference, double socBaseline) {
        int i = thinning.next();
        if (i < 0) {
            return;
        }
        minutes[i] = elapsedS / 60.0;
        estimate[i] = socEstimate * 100;
        upper[i] = (socEstimate + 3 * socSigma) * 100;
        lower[i] = (socEstimate - 3 * socSigma) * 100;
        reference[i] = socReference * 100;
        baseline[i] = socBaseline * 100;
    }

    public void write(Path png, String title) throws IOException {
        int n = thinning.kept();
        XYChart chart = new XYChartBuilder()
                .width(1200)
                .height(600)
                .title(title)
                .xAxisTitle("time / min")
                .yAxisTitle("SoC / %")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(-10.0);
        chart.getStyler().setYAxisMax(110.0);
        double[] x = Arrays.copyOf(minutes, n);
        PngChart.bound(chart, "EKF ±3σ", x, Arrays.copyOf(upper, n), Arrays.copyOf(lower, n));
        PngChart.line(chart.addSeries("reference", x, Arrays.copyOf(reference, n)), Color.BLACK, 2.0f);
        PngChart.line(chart.addSeries("EKF estimate", x, Arrays.copyOf(estimate, n)), new Color(20, 70, 160), 1.5f);
        PngChart.line(chart.addSeries("coulomb counting", x, Arrays.copyOf(baseline, n)), new Color(200, 90, 20), 1.2f);
        PngChart.write(chart, png);
    }
}
