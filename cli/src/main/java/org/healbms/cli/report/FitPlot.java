package org.healbms.cli.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.healbms.core.identification.TestFit;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * PNG overlay of measured and model voltage for one identification input, so an engineer sees
 * where the model misses (pulse edges, low SoC, rests) rather than only an RMSE.
 */
public final class FitPlot {

    private static final int MAX_POINTS = 6000;

    private FitPlot() {}

    public static void write(Path png, TestFit fit) throws IOException {
        int n = fit.timeS().length;
        int stride = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        int m = 0;
        double[] hours = new double[n / stride + 1];
        double[] measured = new double[hours.length];
        double[] model = new double[hours.length];
        double start = fit.timeS()[0];
        for (int k = 0; k < n && m < hours.length; k += stride) {
            if (!Double.isFinite(fit.modelVoltageV()[k])) {
                continue;
            }
            hours[m] = (fit.timeS()[k] - start) / 3600.0;
            measured[m] = fit.measuredV()[k];
            model[m] = fit.modelVoltageV()[k];
            m++;
        }
        XYChart chart = new XYChartBuilder()
                .width(1400)
                .height(600)
                .title(String.format(
                        "%s: voltage RMSE %.1f mV, max %.1f mV",
                        fit.name(), 1000 * fit.rmseV(), 1000 * fit.maxAbsErrorV()))
                .xAxisTitle("time / h")
                .yAxisTitle("voltage / V")
                .build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        PngChart.line(
                chart.addSeries("measured", Arrays.copyOf(hours, m), Arrays.copyOf(measured, m)), Color.BLACK, 1.4f);
        PngChart.line(
                chart.addSeries("model", Arrays.copyOf(hours, m), Arrays.copyOf(model, m)),
                new Color(200, 60, 20),
                1.0f);
        PngChart.write(chart, png);
    }
}
