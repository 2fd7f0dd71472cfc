package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.healbms.cli.report.FitPlot;
import org.healbms.core.identification.CellIdentification;
import org.healbms.core.identification.CellRecording;
import org.healbms.core.identification.DynamicParameters;
import org.healbms.core.identification.IdentifiedCell;
import org.healbms.core.identification.OcvCurve;
import org.healbms.core.identification.TemperatureFit;
import org.healbms.core.identification.TestFit;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.file.AtomicFile;
import org.healbms.io.trace.CellRecordings;
import org.healbms.io.trace.TraceMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code healbms identify}: a cell parameter file from a low-rate OCV test and dynamic tests. */
@Command(
        name = "identify",
        mixinStandardHelpOptions = true,
        description = {
            "Identify a cell's model (OCV, R0, two RC pairs, hysteresis) from recorded BDF tests.",
            "The OCV test is a low-rate (<= C/20) discharge from full, optionally followed by a charge;",
            "dynamic tests are HPPC pulses or drive cycles. Current is positive on charge."
        })
public final class IdentifyCommand implements Callable<Integer> {

    @Option(
            names = "--ocv",
            required = true,
            paramLabel = "FILE",
            description = "low-rate OCV test (.bdf.csv[.gz]); repeat for several temperatures")
    List<Path> ocvFiles;

    @Option(
            names = "--dynamic",
            required = true,
            paramLabel = "FILE",
            description = "HPPC or drive-cycle test; repeatable")
    List<Path> dynamicFiles;

    @Option(
            names = "--capacity-ah",
            paramLabel = "Q",
            description = "capacity for the SoC axis (default: the OCV test's discharged charge)")
    Double capacityAh;

    @Option(
            names = "--temperature-degc",
            paramLabel = "T",
            defaultValue = "25",
            description =
                    "temperature of tests that log none and whose metadata gives no ambient (default: ${DEFAULT-VALUE})")
    double assumedTemperatureDegC;

    @Option(names = "--name", description = "cell name (default: from the OCV test's metadata)")
    String name;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "CELL.json",
            description = "parameter file to write")
    Path output;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description =
                    "where to write the fit report (fit-report.json and a PNG overlay per input; default: CELL.fit/ beside the output)")
    Path reportDir;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<CellRecording> ocvTests = new ArrayList<>();
        List<CellRecording> dynamicTests = new ArrayList<>();
        try (ProgressBar bar =
                TerminalProgress.open("identify: reading", ocvFiles.size() + dynamicFiles.size(), " files")) {
            for (Path f : ocvFiles) {
                // An OCV test starts full by definition of the procedure.
                ocvTests.add(load(f, 1.0));
                step(bar);
            }
            for (Path f : dynamicFiles) {
                dynamicTests.add(load(f, Double.NaN));
                step(bar);
            }
        }
        TraceMetadata meta = TraceMetadata.forTrace(ocvFiles.getFirst()).orElse(null);
        String cellName = name != null ? name : cellName(meta);
        double minV = meta != null && meta.minVoltageV().isPresent()
                ? meta.minVoltageV().getAsDouble()
                : 2.5;
        double maxV = meta != null && meta.maxVoltageV().isPresent()
                ? meta.maxVoltageV().getAsDouble()
                : 4.2;
        IdentifiedCell cell;
        // The fit has no natural count of steps; the bar shows the time it has taken so far.
        try (ProgressBar ignored = TerminalProgress.open("identify: fitting", -1, "")) {
            cell = CellIdentification.identify(
                    cellName, ocvTests, dynamicTests, capacityAh == null ? Double.NaN : capacityAh, minV, maxV);
        }
        CellParameterFile.write(output, cell.parameters(), provenance(cell));
        print(out, cell);
        for (String note : cell.notes()) {
            System.err.println("healbms identify: note: " + note);
        }
        Path report = reportDir != null
                ? reportDir
                : output.toAbsolutePath()
                        .resolveSibling(output.getFileName().toString().replaceFirst("\\.json$", "") + ".fit");
        writeReport(report, cell);
        out.println("wrote " + output + " and the fit report in " + report);
        return 0;
    }

    private CellRecording load(Path file, double defaultStartSoc) throws IOException {
        CellRecording recording = CellRecordings.load(file, defaultStartSoc, assumedTemperatureDegC);
        if (!CellRecordings.logsTemperature(file)) {
            System.err.printf(
                    "healbms identify: %s logs no temperature; taken as %.1f degC (its metadata's ambient, else --temperature-degc)%n",
                    file.getFileName(), recording.temperatureDegC()[0]);
        }
        return recording;
    }

    private static void step(ProgressBar bar) {
        if (bar != null) {
            bar.step();
        }
    }

    private static String cellName(TraceMetadata meta) {
        if (meta == null) {
            return "unnamed cell";
        }
        String manufacturer = meta.raw().path("cell").path("manufacturer").asText("");
        String model = meta.raw().path("cell").path("model").asText("");
        String n = (manufacturer + " " + model).strip();
        return n.isEmpty() ? "unnamed cell" : n;
    }

    private void print(PrintStream out, IdentifiedCell cell) {
        for (OcvCurve c : cell.ocvCurves()) {
            out.printf(
                    "OCV: %.1f degC, C/%.1f, discharged %.4f Ah, SoC axis on %.4f Ah, covers SoC %.3f..%.3f, median half-gap %.1f mV%n",
                    c.temperatureDegC(),
                    1 / c.meanCurrentC(),
                    c.dischargedAh(),
                    c.capacityAh(),
                    c.soc()[c.firstCovered()],
                    c.soc()[c.lastCovered()],
                    1000 * c.medianHalfGapV());
        }
        for (TemperatureFit t : cell.dynamic()) {
            DynamicParameters d = t.parameters();
            out.printf(
                    "%5.1f degC (%d test%s): R0 %.1f..%.1f mOhm over SoC, R1 %.1f mOhm / tau1 %.1f s, R2 %.1f mOhm / tau2 %.0f s,"
                            + " hysteresis %.1f mV (rate %.0f), fit RMSE %.1f mV%n",
                    t.temperatureDegC(),
                    t.tests(),
                    t.tests() == 1 ? "" : "s",
                    1000 * min(d.r0Ohm()),
                    1000 * max(d.r0Ohm()),
                    1000 * d.r1Ohm(),
                    d.tau1S(),
                    1000 * d.r2Ohm(),
                    d.tau2S(),
                    1000 * d.hysteresisV(),
                    d.hysteresisRate(),
                    1000 * d.rmseV());
        }
        out.println("fit of the model to each input (voltage):");
        for (TestFit f : cell.fits()) {
            out.printf(
                    "  %-60s RMSE %6.1f mV   max %6.1f mV   (%d samples)%n",
                    f.name(), 1000 * f.rmseV(), 1000 * f.maxAbsErrorV(), f.samples());
        }
    }

    /** fit-report.json with the figures per input, and one measured-versus-model PNG per input. */
    private void writeReport(Path dir, IdentifiedCell cell) throws IOException {
        Files.createDirectories(dir);
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        ArrayNode files = report.putArray("fits");
        for (TestFit f : cell.fits()) {
            String png = f.name().replaceFirst("\\.bdf\\.csv(\\.gz)?$", "") + ".fit.png";
            FitPlot.write(dir.resolve(png), f);
            files.addObject()
                    .put("file", f.name())
                    .put("voltage_rmse_v", f.rmseV())
                    .put("voltage_max_abs_error_v", f.maxAbsErrorV())
                    .put("samples", f.samples())
                    .put("plot", png);
        }
        Path json = dir.resolve("fit-report.json");
        Path tmp = AtomicFile.temporaryFor(json);
        Files.writeString(
                tmp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        AtomicFile.replace(tmp, json);
    }

    private ObjectNode provenance(IdentifiedCell cell) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode p = json.objectNode();
        p.put("tool", "healbms identify");
        ArrayNode ocv = p.putArray("ocv_tests");
        ocvFiles.forEach(f -> ocv.add(f.getFileName().toString()));
        ArrayNode dyn = p.putArray("dynamic_tests");
        dynamicFiles.forEach(f -> dyn.add(f.getFileName().toString()));
        ArrayNode fits = p.putArray("fits");
        for (TestFit f : cell.fits()) {
            fits.addObject()
                    .put("file", f.name())
                    .put("voltage_rmse_v", f.rmseV())
                    .put("voltage_max_abs_error_v", f.maxAbsErrorV())
                    .put("samples", f.samples());
        }
        ArrayNode notes = p.putArray("notes");
        cell.notes().forEach(notes::add);
        ArrayNode temperatures = p.putArray("dynamic_fits");
        for (TemperatureFit t : cell.dynamic()) {
            temperatures
                    .addObject()
                    .put("temperature_degc", t.temperatureDegC())
                    .put("tests", t.tests())
                    .put("voltage_rmse_v", t.parameters().rmseV());
        }
        return p;
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }
}
