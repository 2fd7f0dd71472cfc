package org.healbms.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.estimation.CoulombCountingEstimator;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.core.thermal.CoreTemperatureEstimator;
import org.healbms.core.thermal.CoreThermalModel;
import org.healbms.core.thermal.ThermalIdentification;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.cell.ThermalModelFile;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.BdfReader;
import org.healbms.sim.replay.TraceReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code healbms thermal}: fits the two-node thermal model to the first trace's surface temperature
 * (heat from current × overpotential against the cell file's OCV at the EKF's SoC), then runs it
 * open loop on every trace and reports how well it predicts the surface, and runs the core
 * temperature filter to show how far above the can the core runs.
 */
@Command(
        name = "thermal",
        mixinStandardHelpOptions = true,
        description =
                "Fit the two-node thermal model on the first trace; report open-loop surface RMSE and the estimated"
                        + " core temperature on every trace.")
public final class ThermalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TRACE", arity = "1..*", description = "BDF traces with surface and ambient temperature")
    List<Path> traces;

    @Option(
            names = "--cell",
            required = true,
            paramLabel = "CELL.json",
            description = "cell parameter file (for the OCV)")
    Path cell;

    @Option(
            names = "--core-capacity-j-per-k",
            defaultValue = "40",
            description = "core heat capacity (default: ${DEFAULT-VALUE}," + " an 18650 of 45 g)")
    double coreCapacity;

    @Option(
            names = "--core-to-surface-k-per-w",
            defaultValue = "2",
            description = "core-to-can resistance (default: ${DEFAULT-VALUE})")
    double coreToSurface;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "THERMAL.json",
            description =
                    "write the fitted model for the firmware's virtual core temperature (thermal_model: in its config)")
    Path output;

    /** One trace reduced to 1 s samples: time, heat, ambient, surface. */
    record Series(double[] time, double[] heat, double[] ambient, double[] surface) {}

    @Override
    public Integer call() throws Exception {
        CellParameters p = CellParameterFile.read(cell).parameters();
        List<Series> series = new ArrayList<>();
        for (Path t : traces) {
            series.add(load(t, p));
        }
        Series first = series.getFirst();
        ThermalIdentification.Result fit = ThermalIdentification.fit(
                first.time(), first.heat(), first.ambient(), first.surface(), coreCapacity, coreToSurface);
        TwoNodeThermalModel m = fit.model();
        CoreThermalModel core = new CoreThermalModel(
                m, CoreThermalModel.DEFAULT_PROCESS_SIGMA_K_PER_SQRT_S, CoreThermalModel.DEFAULT_SURFACE_SIGMA_K);
        System.out.printf(
                "fitted on %s: surface %.1f J/K, surface-to-ambient %.2f K/W (core %.0f J/K, %.1f K/W given)%n",
                traces.getFirst().getFileName(),
                m.surfaceHeatCapacityJPerK(),
                m.surfaceToAmbientKPerW(),
                m.coreHeatCapacityJPerK(),
                m.coreToSurfaceKPerW());
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double rmse = ThermalIdentification.surfaceRmse(m, s.time(), s.heat(), s.ambient(), s.surface());
            CoreTemperatureEstimator filter = core.estimator(s.surface()[0]);
            double maxGap = 0;
            double maxSurface = s.surface()[0];
            for (int k = 1; k < s.time().length; k++) {
                filter.update(s.time()[k] - s.time()[k - 1], s.heat()[k], s.ambient()[k], s.surface()[k]);
                maxGap = Math.max(maxGap, filter.coreDegC() - s.surface()[k]);
                maxSurface = Math.max(maxSurface, s.surface()[k]);
            }
            System.out.printf(
                    "  %-48s open-loop surface RMSE %.2f K; surface peak %.1f degC; core up to %.1f K above the can%n",
                    traces.get(i).getFileName(), rmse, maxSurface, maxGap);
        }
        if (output != null) {
            ObjectNode provenance = JsonNodeFactory.instance.objectNode();
            provenance.put("fitted_on", traces.getFirst().getFileName().toString());
            provenance.put("core_parameters", "given (--core-capacity-j-per-k, --core-to-surface-k-per-w)");
            ThermalModelFile.write(output, core, provenance);
            System.out.println("wrote " + output);
        }
        return 0;
    }

    private static Series load(Path trace, CellParameters p) throws Exception {
        List<double[]> rows = new ArrayList<>();
        try (BdfReader reader = BdfReader.open(
                trace, BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT, BdfLabels.SURFACE_TEMPERATURE_T1)) {
            int v = reader.column(BdfLabels.VOLTAGE);
            int i = reader.column(BdfLabels.CURRENT);
            int ts = reader.column(BdfLabels.SURFACE_TEMPERATURE_T1);
            // Where the chamber temperature was not logged: the sidecar's test temperature, else the
            // first surface reading (a rested cell is at ambient).
            int ta = reader.has(BdfLabels.AMBIENT_TEMPERATURE) ? reader.column(BdfLabels.AMBIENT_TEMPERATURE) : -1;
            double chamber = reader.metadata()
                    .map(md -> md.raw().path("ambient_temperature_celsius").asDouble(Double.NaN))
                    .orElse(Double.NaN);
            double[] firstSurface = {chamber};
            ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(p);
            TraceReplay.Settings settings = TraceReplay.settings(
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    OptionalDouble.empty(),
                    reader.metadata(),
                    p.capacityAh());
            double[] nextSample = {0};
            double[] heatSum = {0, 0};
            TraceReplay.run(
                    reader, ekf, new CoulombCountingEstimator(p), settings, (row, elapsed, est, base, reference) -> {
                        double soc = Double.isFinite(reference) ? reference : est.soc();
                        double surface = row.value(ts);
                        double ocv = p.ocvV().valueExtrapolated(soc, surface);
                        // Irreversible heat: current times overpotential (positive on charge and discharge).
                        double heat = row.value(i) * (row.value(v) - ocv);
                        if (Double.isFinite(heat)) {
                            heatSum[0] += heat;
                            heatSum[1]++;
                        }
                        if (Double.isNaN(firstSurface[0]) && Double.isFinite(surface)) {
                            firstSurface[0] = surface;
                        }
                        double ambient = ta >= 0 && Double.isFinite(row.value(ta)) ? row.value(ta) : firstSurface[0];
                        if (elapsed >= nextSample[0] && Double.isFinite(surface) && Double.isFinite(ambient)) {
                            rows.add(new double[] {
                                elapsed, heatSum[1] > 0 ? heatSum[0] / heatSum[1] : 0, ambient, surface
                            });
                            heatSum[0] = 0;
                            heatSum[1] = 0;
                            nextSample[0] = elapsed + 1.0;
                        }
                    });
        }
        int n = rows.size();
        if (n < 10) {
            throw new IllegalArgumentException(trace + ": fewer than 10 samples with a surface temperature");
        }
        double[] time = new double[n];
        double[] heat = new double[n];
        double[] ambient = new double[n];
        double[] surface = new double[n];
        for (int k = 0; k < n; k++) {
            time[k] = rows.get(k)[0];
            heat[k] = Math.max(0, rows.get(k)[1]);
            ambient[k] = rows.get(k)[2];
            surface[k] = rows.get(k)[3];
        }
        return new Series(time, heat, ambient, surface);
    }
}
