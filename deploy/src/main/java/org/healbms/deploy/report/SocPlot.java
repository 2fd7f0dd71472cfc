package org.healbms.deploy.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.healbms.sim.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plot of a replay: estimated SoC with its 3σ band, the reference, and the coulomb-counting
 * baseline, over time in minutes.
 *
 * <p>Points are collected at most every {@code stride} samples: a drive cycle at 10 Hz has tens of
 * thousands of rows, far more than a 1200-pixel-wide plot can show, and keeping them all would make
 * the report's memory grow with the trace.
 */
public final class SocPlot {

    private static final int MAX_POINTS = 4000;

    private final double[] minutes = new double[MAX_POINTS];
    private final double[] estimate = new double[MAX_POINTS];
    private final double[] upper = new double[MAX_POINTS];
    private final double[] lower = new double[MAX_POINTS];
    private final double[] reference = new double[MAX_POINTS];
    private final double[] baseline = new double[MAX_POINTS];
    private final long stride;
    private long seen;
    private int n;

    /** @param expectedSamples rows the trace is expected to have (a guess is fine; the plot thins to fit) */
    public SocPlot(long expectedSamples) {
        this.stride = Math.max(1, (expectedSamples + MAX_POINTS - 1) / MAX_POINTS);
    }

    public void add(double elapsedS, double socEstimate, double socSigma, double socReference, double socBaseline) {
        if (seen++ % stride != 0 || n == MAX_POINTS) {
            return;
        }
        minutes[n] = elapsedS / 60.0;
        estimate[n] = socEstimate * 100;
        upper[n] = (socEstimate + 3 * socSigma) * 100;
        lower[n] = (socEstimate - 3 * socSigma) * 100;
        reference[n] = socReference * 100;
        baseline[n] = socBaseline * 100;
        n++;
    }

    /** Writes the PNG atomically (a temporary file in the same directory, then a rename). */
    public void write(Path png, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(1200).height(600).title(title)
                .xAxisTitle("time / min").yAxisTitle("SoC / %").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(-10.0);
        chart.getStyler().setYAxisMax(110.0);
        double[] x = java.util.Arrays.copyOf(minutes, n);
        // The bound as two thin lines: XChart's area style fills down to the axis, not between series.
        Color bound = new Color(70, 130, 180, 140);
        line(chart.addSeries("EKF ±3σ", x, java.util.Arrays.copyOf(upper, n), null), bound, 1.0f);
        XYSeries low = chart.addSeries("EKF -3σ", x, java.util.Arrays.copyOf(lower, n), null);
        line(low, bound, 1.0f);
        low.setShowInLegend(false);
        line(chart.addSeries("reference", x, java.util.Arrays.copyOf(reference, n), null), Color.BLACK, 2.0f);
        line(chart.addSeries("EKF estimate", x, java.util.Arrays.copyOf(estimate, n), null), new Color(20, 70, 160), 1.5f);
        line(chart.addSeries("coulomb counting", x, java.util.Arrays.copyOf(baseline, n), null), new Color(200, 90, 20), 1.2f);
        // XChart appends ".png" to a name without it; the temporary name must end in it already.
        Path tmp = AtomicFile.temporaryFor(png, ".partial.png");
        try {
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        AtomicFile.replace(tmp, png);
    }

    private static void line(XYSeries s, Color c, float width) {
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(width));
    }
}
