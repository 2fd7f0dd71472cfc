package org.healbms.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.healbms.cli.lifetime.LifeSeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lifetime report's PNGs: each cell's true capacity and ohmic resistance over the life with its
 * healing doses marked on its own line ({@code capacity.png}, {@code resistance.png}), and each cell's
 * state of health as the firmware estimated it against the plant's truth, both relative to the cell
 * file's ({@code soh-capacity.png}, {@code soh-resistance.png}).
 */
public final class LifetimePlots {

    static final String CAPACITY = "capacity.png";
    static final String RESISTANCE = "resistance.png";
    static final String SOH_CAPACITY = "soh-capacity.png";
    static final String SOH_RESISTANCE = "soh-resistance.png";

    private LifetimePlots() {}

    /** Writes the four plots to {@code dir}; {@code title} names the run. */
    public static void write(LifeSeries series, Path dir, String title) throws IOException {
        Files.createDirectories(dir);
        List<LifeSeries.Sample> samples = series.samples();
        double[] days =
                samples.stream().mapToDouble(s -> s.elapsedS() / 86_400.0).toArray();
        XYChart capacity = chart("Capacity per cell, " + title, "capacity / Ah");
        XYChart resistance = chart("Ohmic resistance per cell, " + title, "R0 / cell file's R0");
        XYChart sohCapacity = chart("Capacity, estimated (dashed) and true, " + title, "of the cell file's");
        XYChart sohResistance = chart("Ohmic resistance, estimated (dashed) and true, " + title, "of the cell file's");
        double rated = series.ratedCapacityAh();
        for (int k = 0; k < series.cells(); k++) {
            int cell = k;
            Color colour = colour(k, series.cells());
            double[] q = values(samples, s -> s.capacityAh()[cell]);
            double[] r = values(samples, s -> s.resistanceScale()[cell]);
            String name = "cell " + (k + 1);
            PngChart.line(capacity.addSeries(name, days, q), colour, 1.2f);
            PngChart.line(resistance.addSeries(name, days, r), colour, 1.2f);
            marks(capacity, series, k + 1, days, q, colour);
            marks(resistance, series, k + 1, days, r, colour);
            PngChart.line(sohCapacity.addSeries(name, days, scaled(q, 1 / rated)), colour, 1.2f);
            dashed(sohCapacity.addSeries(
                            name + " capacity estimate",
                            days,
                            scaled(values(samples, s -> s.estimatedCapacityAh()[cell]), 1 / rated)))
                    .setLineColor(colour);
            PngChart.line(sohResistance.addSeries(name, days, r), colour, 1.2f);
            dashed(sohResistance.addSeries(
                            name + " resistance estimate",
                            days,
                            values(samples, s -> s.estimatedResistanceScale()[cell])))
                    .setLineColor(colour);
        }
        PngChart.write(capacity, dir.resolve(CAPACITY));
        PngChart.write(resistance, dir.resolve(RESISTANCE));
        PngChart.write(sohCapacity, dir.resolve(SOH_CAPACITY));
        PngChart.write(sohResistance, dir.resolve(SOH_RESISTANCE));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(1200)
                .height(600)
                .title(title)
                .xAxisTitle("time / days")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        return chart;
    }

    /** Each dose as a marker on its cell's line, at the sample nearest before it. */
    private static void marks(XYChart chart, LifeSeries series, int cell, double[] days, double[] y, Color colour) {
        List<LifeSeries.Dose> doses =
                series.doses().stream().filter(d -> d.cell() == cell).toList();
        if (doses.isEmpty() || days.length == 0) {
            return;
        }
        double[] x = new double[doses.size()];
        double[] v = new double[doses.size()];
        for (int i = 0; i < doses.size(); i++) {
            double day = doses.get(i).elapsedS() / 86_400.0;
            int k = 0;
            while (k + 1 < days.length && days[k + 1] <= day) {
                k++;
            }
            x[i] = day;
            v[i] = y[k];
        }
        XYSeries s = chart.addSeries("cell " + cell + " doses", x, v);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
        s.setMarkerColor(colour);
        s.setShowInLegend(cell == 1 || doses.size() == series.doses().size());
    }

    private static XYSeries dashed(XYSeries s) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(
                new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        s.setShowInLegend(false);
        return s;
    }

    private static double[] values(List<LifeSeries.Sample> samples, ToDoubleFunction<LifeSeries.Sample> f) {
        return samples.stream().mapToDouble(f).toArray();
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] * factor;
        }
        return out;
    }

    /** Cells spread over the hue circle, so neighbours differ. */
    private static Color colour(int k, int n) {
        return Color.getHSBColor((float) k / Math.max(n, 1), 0.8f, 0.75f);
    }
}
