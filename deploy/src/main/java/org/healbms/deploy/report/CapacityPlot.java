package org.healbms.deploy.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.healbms.sim.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG of the capacity estimate and its 3σ bound over a replay, thinned like {@link SocPlot}. Written
 * only when the estimator learns capacity.
 */
public final class CapacityPlot {

    private static final int MAX_POINTS = 4000;

    private final double[] minutes = new double[MAX_POINTS];
    private final double[] estimate = new double[MAX_POINTS];
    private final double[] upper = new double[MAX_POINTS];
    private final double[] lower = new double[MAX_POINTS];
    private final long stride;
    private long seen;
    private int n;

    public CapacityPlot(long expectedSamples) {
        this.stride = Math.max(1, (expectedSamples + MAX_POINTS - 1) / MAX_POINTS);
    }

    public void add(double elapsedS, double capacityAh, double sigmaAh) {
        if (!Double.isFinite(capacityAh) || seen++ % stride != 0 || n == MAX_POINTS) {
            return;
        }
        minutes[n] = elapsedS / 60.0;
        estimate[n] = capacityAh;
        upper[n] = capacityAh + 3 * sigmaAh;
        lower[n] = capacityAh - 3 * sigmaAh;
        n++;
    }

    /** True if any capacity estimate was seen. */
    public boolean hasData() {
        return n > 0;
    }

    public void write(Path png, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(1200).height(500).title(title)
                .xAxisTitle("time / min").yAxisTitle("capacity / Ah").build();
        chart.getStyler().setMarkerSize(0);
        double[] x = Arrays.copyOf(minutes, n);
        Color bound = new Color(70, 130, 180, 140);
        style(chart.addSeries("capacity ±3σ", x, Arrays.copyOf(upper, n)), bound, 1.0f);
        XYSeries low = chart.addSeries("capacity -3σ", x, Arrays.copyOf(lower, n));
        style(low, bound, 1.0f);
        low.setShowInLegend(false);
        style(chart.addSeries("capacity estimate", x, Arrays.copyOf(estimate, n)), new Color(20, 70, 160), 1.5f);
        Path tmp = AtomicFile.temporaryFor(png, ".partial.png");
        try {
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        AtomicFile.replace(tmp, png);
    }

    private static void style(XYSeries s, Color c, float width) {
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(width));
    }
}
