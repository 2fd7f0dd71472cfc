package org.healbms.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.healbms.io.file.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** What every report chart shares: plain lines, and a PNG that appears whole or not at all. */
final class PngChart {

    /** Colour of a ±3σ bound drawn as two thin lines (XChart's area style fills to the axis). */
    static final Color BOUND = new Color(70, 130, 180, 140);

    private PngChart() {}

    /** Draws a series as a plain line without markers. */
    static XYSeries line(XYSeries series, Color color, float width) {
        series.setLineColor(color);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(width));
        return series;
    }

    /** Adds upper and lower bound lines, the lower one out of the legend. */
    static void bound(XYChart chart, String name, double[] x, double[] upper, double[] lower) {
        line(chart.addSeries(name, x, upper), BOUND, 1.0f);
        line(chart.addSeries(name + " (lower)", x, lower), BOUND, 1.0f).setShowInLegend(false);
    }

    /** Writes the chart to a temporary PNG beside the target and renames it into place. */
    static void write(XYChart chart, Path png) throws IOException {
        // XChart appends ".png" to a name without it, so the temporary name must end in it already.
        Path tmp = AtomicFile.temporaryFor(png, ".partial.png");
        try {
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        AtomicFile.replace(tmp, png);
    }
}
