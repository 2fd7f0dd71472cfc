package org.healbms.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.healbms.cli.report.FitPlot;
import org.healbms.core.identification.CellRecording;
import org.healbms.core.identification.ConstantCurrentIdentification;
import org.healbms.core.identification.IdentificationException;
import org.healbms.core.identification.StrainIdentification;
import org.healbms.core.identification.TestFit;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.cell.StrainResponseFile;
import org.healbms.io.trace.CellRecordings;
import org.healbms.io.trace.TraceMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code healbms identify-cc}: a cell file (and optionally a strain gauge calibration) from
 * constant-current discharges only, for cells characterised by rate tests without rests or pulses.
 */
@Command(
        name = "identify-cc",
        mixinStandardHelpOptions = true,
        description = {
            "Identify a cell's OCV (discharge branch) and DC resistance from constant-current discharges at",
            "two or more rates from the same start state; no RC dynamics or hysteresis (the data cannot show them).",
            "With --strain-output, also calibrate the strain gauge logged in the Hoop Strain column."
        })
public final class IdentifyCcCommand implements Callable<Integer> {

    @Option(
            names = "--low-rate",
            required = true,
            paramLabel = "FILE",
            description = "the slowest discharge (e.g. C/10): the SoC axis and the strain calibration come from it")
    Path lowRate;

    @Option(names = "--high-rate", required = true, paramLabel = "FILE", description = "a faster discharge; repeatable")
    List<Path> highRates;

    @Option(
            names = "--start-soc",
            paramLabel = "S",
            defaultValue = "1.0",
            description = "SoC every run starts from (default: ${DEFAULT-VALUE}, the rested charged state)")
    double startSoc;

    @Option(
            names = "--capacity-ah",
            paramLabel = "Q",
            description = "capacity for the SoC axis (default: the low-rate run's discharged charge)")
    Double capacityAh;

    @Option(names = "--name", description = "cell name (default: from the low-rate run's metadata)")
    String name;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "CELL.json",
            description = "cell parameter file to write")
    Path output;

    @Option(names = "--strain-output", paramLabel = "STRAIN.json", description = "strain gauge calibration to write")
    Path strainOutput;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description =
                    "where to write the measured-versus-model PNG per input (default: CELL.fit/ beside the output)")
    Path reportDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<Path> files = new ArrayList<>(List.of(lowRate));
        files.addAll(highRates);
        List<CellRecording> runs = new ArrayList<>();
        for (Path f : files) {
            runs.add(CellRecordings.load(f, startSoc, 25.0).withStartSoc(startSoc));
        }
        double q = capacityAh != null ? capacityAh : -min(runs.getFirst().chargeAh());
        if (!(q > 0)) {
            throw new IdentificationException(lowRate.getFileName() + ": the low-rate run discharges nothing");
        }
        TraceMetadata meta = TraceMetadata.forTrace(lowRate).orElse(null);
        String cellName = name != null
                ? name
                : meta == null
                        ? "unnamed cell"
                        : (meta.raw().path("cell").path("manufacturer").asText("") + " "
                                        + meta.raw().path("cell").path("model").asText(""))
                                .strip();
        double minV = meta != null && meta.minVoltageV().isPresent()
                ? meta.minVoltageV().getAsDouble()
                : 2.5;
        double maxV = meta != null && meta.maxVoltageV().isPresent()
                ? meta.maxVoltageV().getAsDouble()
                : 4.2;
        ConstantCurrentIdentification.Result cell = ConstantCurrentIdentification.identify(
                cellName.isEmpty() ? "unnamed cell" : cellName, runs, q, minV, maxV);
        ObjectNode provenance = JsonNodeFactory.instance.objectNode();
        provenance.put("method", "constant-current discharges: V = OCV + R*I across rates at each SoC node");
        provenance.put(
                "capacity_ah_from",
                capacityAh != null ? "--capacity-ah" : lowRate.getFileName().toString());
        ArrayNode fits = provenance.putArray("fits");
        for (TestFit f : cell.fits()) {
            fits.addObject()
                    .put("file", f.name())
                    .put("voltage_rmse_v", f.rmseV())
                    .put("voltage_max_abs_error_v", f.maxAbsErrorV());
        }
        CellParameterFile.write(output, cell.parameters(), provenance);
        out.printf(
                "SoC axis on %.4f Ah; R (DC) %.1f..%.1f mOhm over SoC%n",
                q,
                1000 * cell.parameters().r0Ohm().min(),
                1000 * cell.parameters().r0Ohm().max());
        out.println("fit of the model to each input (voltage):");
        for (TestFit f : cell.fits()) {
            out.printf("  %-60s RMSE %6.1f mV   max %6.1f mV%n", f.name(), 1000 * f.rmseV(), 1000 * f.maxAbsErrorV());
        }
        Path report = reportDir != null
                ? reportDir
                : output.toAbsolutePath()
                        .resolveSibling(output.getFileName().toString().replaceFirst("\\.json$", "") + ".fit");
        Files.createDirectories(report);
        for (TestFit f : cell.fits()) {
            FitPlot.write(report.resolve(f.name().replaceFirst("\\.bdf\\.csv(\\.gz)?$", "") + ".fit.png"), f);
        }
        out.println("wrote " + output + " and a fit plot per input in " + report);
        if (strainOutput != null) {
            List<StrainIdentification.StrainRun> strainRuns = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                strainRuns.add(new StrainIdentification.StrainRun(runs.get(i), CellRecordings.strain(files.get(i))));
            }
            StrainIdentification.Result strain = StrainIdentification.identify(strainRuns, q);
            ObjectNode sp = JsonNodeFactory.instance.objectNode();
            sp.put("calibration_run", lowRate.getFileName().toString());
            ArrayNode runFits = sp.putArray("fits");
            out.printf(
                    "strain: breathing %.0f..%.0f ue over SoC, %.2f +- %.2f ue/K above %.1f degC, noise %.1f ue"
                            + " (correlated over %.0f s), gauge zero 1-sigma %.1f ue%n",
                    1e6 * min(strain.response().strain()),
                    1e6 * max(strain.response().strain()),
                    1e6 * strain.response().thermalCoefficientPerK(),
                    1e6 * strain.response().thermalCoefficientSigmaPerK(),
                    strain.response().referenceTemperatureDegC(),
                    1e6 * strain.response().noiseSigma(),
                    strain.response().noiseCorrelationS(),
                    1e6 * strain.response().offsetSigma());
            for (StrainIdentification.RunFit f : strain.fits()) {
                out.printf("  %-60s zero %+7.1f ue   RMSE %5.1f ue%n", f.name(), 1e6 * f.offset(), 1e6 * f.rmse());
                runFits.addObject()
                        .put("file", f.name())
                        .put("offset", f.offset())
                        .put("rmse", f.rmse());
            }
            StrainResponseFile.write(strainOutput, strain.response(), sp);
            out.println("wrote " + strainOutput);
        }
        return 0;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                m = Math.min(m, x);
            }
        }
        return m;
    }

    private static double max(double[] v) {
        return -min(Arrays.stream(v).map(x -> -x).toArray());
    }
}
