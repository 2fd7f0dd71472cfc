package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.healbms.cli.report.ReplayReport;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.cell.TemperatureExtrapolation;
import org.healbms.core.estimation.CoulombCountingEstimator;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.core.estimation.HealthLearning;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.cell.StrainResponseFile;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.BdfReader;
import org.healbms.io.trace.TraceFormatException;
import org.healbms.sim.replay.ReplayResult;
import org.healbms.sim.replay.SocErrorSummary;
import org.healbms.sim.replay.TraceReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code healbms replay}: runs the EKF and the coulomb-counting baseline over a recorded trace. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replay a BDF trace through the SoC estimator and the coulomb-counting baseline, and score both",
            "against the reference SoC = ref-soc0 + coulomb count / ref-capacity. With --json the last line of",
            "stdout is one JSON object; SoC figures are fractions, not percent. Several traces are replayed in",
            "parallel in one process: a table with a summary row, or with --json one object per trace (with",
            "its \"trace\") and a last line with the summary (\"summary\": true)."
        })
public final class ReplayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(
            arity = "1..*",
            paramLabel = "TRACE",
            description = "traces to replay (.bdf.csv or .bdf.csv.gz), directories of them, or quoted file-name globs;"
                    + " several are replayed in parallel and printed as a table with a summary row")
    List<Path> traceArguments;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--cell",
            required = true,
            paramLabel = "CELL.json",
            description = "cell parameter file (from identify)")
    Path cell;

    @Option(
            names = "--soc0-guess",
            paramLabel = "X",
            description = "start SoC given to the estimators (default: the reference start, else 0.5)")
    Double socGuess;

    @Option(
            names = "--ref-soc0",
            paramLabel = "S",
            description = "true SoC at the start (default: start_soc from the metadata sidecar)")
    Double refSoc0;

    @Option(
            names = "--ref-capacity-ah",
            paramLabel = "Q",
            description =
                    "capacity of the reference SoC (default: reference_capacity_ah from the sidecar, else the cell file's)")
    Double refCapacityAh;

    @Option(
            names = "--capacity0-ah",
            paramLabel = "Q",
            description = "capacity the estimator starts from, e.g. the rated capacity (default: the cell file's);"
                    + " learned during the replay when the cell file sets noise.initial_capacity_sigma_fraction > 0")
    Double capacity0Ah;

    @Option(
            names = "--soh",
            description =
                    "learn state of health during the replay: capacity (1-sigma prior 5%% unless the cell file sets"
                            + " one) and resistance, as the cell's voltage response relative to the identified (new) cell's"
                            + " for the same current and temperature; the filter also tracks R0 (1-sigma prior 30%%)")
    boolean soh;

    @Option(
            names = "--rated-capacity-ah",
            paramLabel = "Q",
            description = "Q_rated for soh_capacity = capacity estimate / Q_rated (default: the cell file's capacity)")
    Double ratedCapacityAh;

    @Option(
            names = "--strain",
            paramLabel = "STRAIN.json",
            description = "strain gauge calibration (from identify-cc --strain-output): the trace's Hoop Strain column"
                    + " becomes a second measurement of SoC")
    Path strainFile;

    @Option(names = "--report", paramLabel = "DIR", description = "write the estimated trace (BDF) and a PNG plot here")
    Path reportDir;

    @Option(names = "--json", description = "print the summary as one JSON object on the last line of stdout")
    boolean json;

    private static void requireStateOfCharge(String option, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + " must be a state of charge from 0 to 1, got " + value);
        }
    }

    private static void requireCapacity(String option, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(option + " must be a finite capacity > 0 Ah, got " + value);
        }
    }

    @Override
    public Integer call() throws IOException {
        // A NaN start or capacity runs through the estimators unnoticed and comes out as NaN figures, exit 0.
        requireStateOfCharge("--soc0-guess", socGuess);
        requireStateOfCharge("--ref-soc0", refSoc0);
        requireCapacity("--ref-capacity-ah", refCapacityAh);
        requireCapacity("--capacity0-ah", capacity0Ah);
        requireCapacity("--rated-capacity-ah", ratedCapacityAh);
        CellParameters p = CellParameterFile.read(cell).parameters();
        if (soh) {
            p = HealthLearning.enable(p);
        }
        StrainResponse strain = strainFile == null ? null : StrainResponseFile.read(strainFile);
        List<Path> traces = TraceSelection.expand(traceArguments);
        CellParameters cellParameters = p;
        double rated = ratedCapacityAh == null ? p.capacityAh() : ratedCapacityAh;
        if (traces.size() == 1) {
            Path trace = traces.getFirst();
            ReplayResult result = replayWithOptions(trace, cellParameters, strain, reportDir);
            warnOutsideIdentifiedRange(cellParameters, trace, result);
            print(System.out, trace, result, json, rated);
            return 0;
        }
        // Each trace reports into its own folder; the traces' own metadata give their references.
        return BatchReplay.run(
                traces,
                trace -> {
                    ReplayResult r = replayWithOptions(
                            trace,
                            cellParameters,
                            strain,
                            reportDir == null ? null : reportDir.resolve(BatchReplay.name(trace)));
                    warnOutsideIdentifiedRange(cellParameters, trace, r);
                    return r;
                },
                Runtime.getRuntime().availableProcessors(),
                json,
                rated,
                System.out,
                spec.commandLine().getErr());
    }

    private ReplayResult replayWithOptions(Path trace, CellParameters p, StrainResponse strain, Path report)
            throws IOException {
        return replay(
                trace,
                p,
                strain,
                socGuess == null ? OptionalDouble.empty() : OptionalDouble.of(socGuess),
                refSoc0 == null ? OptionalDouble.empty() : OptionalDouble.of(refSoc0),
                refCapacityAh == null ? OptionalDouble.empty() : OptionalDouble.of(refCapacityAh),
                capacity0Ah == null ? OptionalDouble.empty() : OptionalDouble.of(capacity0Ah),
                report);
    }

    /** Replays one trace; shared with the default demo job. */
    static ReplayResult replay(
            Path trace,
            CellParameters p,
            StrainResponse strain,
            OptionalDouble guess,
            OptionalDouble refSoc0,
            OptionalDouble refCapacityAh,
            OptionalDouble capacity0Ah,
            Path reportDir)
            throws IOException {
        // The report carries every row through unchanged, so only then does the reader keep text.
        try (BdfReader reader =
                BdfReader.open(trace, reportDir != null, BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT)) {
            TraceReplay.Settings settings =
                    TraceReplay.settings(guess, refSoc0, refCapacityAh, reader.metadata(), p.capacityAh());
            long expected =
                    reader.metadata().map(m -> m.raw().path("rows").asLong(0)).orElse(0L);
            if (strain != null && !reader.has(BdfLabels.HOOP_STRAIN)) {
                throw new TraceFormatException(
                        trace, 1, BdfLabels.HOOP_STRAIN, "--strain was given but the trace logs no strain");
            }
            ExtendedKalmanSocEstimator ekf = new ExtendedKalmanSocEstimator(p, strain);
            if (capacity0Ah.isPresent()) {
                ekf.resetCapacity(capacity0Ah.getAsDouble());
            }
            CoulombCountingEstimator baseline = new CoulombCountingEstimator(p);
            try (ReplayReport report = reportDir == null
                            ? null
                            : new ReplayReport(reportDir, trace.getFileName().toString(), reader.labels(), expected);
                    ProgressBar bar = TerminalProgress.open("replay", expected, " rows")) {
                TraceReplay.Observer observer = report == null && bar == null
                        ? null
                        : (row, elapsed, estimator, base, reference) -> {
                            if (report != null) {
                                report.row(row, elapsed, estimator, base, reference);
                            }
                            // Moving the bar every row would cost more than the filter step.
                            if (bar != null && (row.rowsRead() & 0xFFF) == 0) {
                                bar.stepTo(row.rowsRead());
                            }
                        };
                ReplayResult result = TraceReplay.run(reader, ekf, baseline, settings, observer);
                if (result.samples() == 0) {
                    // Refused before the report is committed: no empty plot or trace is left behind.
                    throw new TraceFormatException(trace, 2, null, "the trace has no rows with a test time to replay");
                }
                if (bar != null) {
                    bar.stepTo(result.samples());
                }
                if (report != null) {
                    report.commit();
                }
                return result;
            }
        }
    }

    /** Tells the user when the trace ran colder or warmer than the cell was identified at, where the
     * model holds its edge values or, for Arrhenius tables, extrapolates them (on stderr, so the JSON
     * line stays last on stdout). */
    static void warnOutsideIdentifiedRange(CellParameters p, Path trace, ReplayResult r) {
        double[] identified = p.r0Ohm().temperatureDegC();
        double lo = identified[0];
        double hi = identified[identified.length - 1];
        if (r.minTemperatureDegC() < lo - TemperatureExtrapolation.MARGIN_K
                || r.maxTemperatureDegC() > hi + TemperatureExtrapolation.MARGIN_K) {
            System.err.printf(
                    "healbms replay: warning: %s runs at %.1f..%.1f degC but the cell file was identified at"
                            + " %.1f..%.1f degC; beyond that the model %s and the filter trusts the voltage"
                            + " less under load (a typical resistance-temperature law)%n",
                    trace.getFileName(),
                    r.minTemperatureDegC(),
                    r.maxTemperatureDegC(),
                    lo,
                    hi,
                    p.r0Ohm().law() == SocTemperatureTable.TemperatureLaw.ARRHENIUS && identified.length > 1
                            ? "extrapolates its resistances and time constants by the Arrhenius law of its edge temperatures"
                            : "holds its edge values");
        }
    }

    static void print(PrintStream out, Path trace, ReplayResult r, boolean asJson, double ratedCapacityAh)
            throws IOException {
        out.printf(
                "%s: %d samples over %.0f s replayed in %.2f s (%.0f rows/s)%n",
                trace.getFileName(), r.samples(), r.traceDurationS(), r.wallS(), r.rowsPerSecond());
        if (r.scored()) {
            line(out, "EKF", r.estimator(), true);
            line(out, "coulomb counting", r.baseline(), false);
        } else {
            out.println("no reference SoC (no --ref-soc0 and no start_soc in the metadata): not scored");
        }
        out.printf(
                "final SoC %.2f %% +- %.2f %% (3 sigma)%s%n",
                100 * r.finalSoc(),
                300 * r.finalSocSigma(),
                Double.isFinite(r.capacityAh())
                        ? String.format(
                                "; capacity %.3f Ah +- %.3f Ah (3 sigma)", r.capacityAh(), 3 * r.capacitySigmaAh())
                        : "");
        if (Double.isFinite(r.capacityAh()) || Double.isFinite(r.resistanceScale())) {
            out.printf(
                    "state of health: capacity %s, resistance %s%n",
                    Double.isFinite(r.capacityAh())
                            ? String.format(
                                    "%.1f %% +- %.1f %% of %.3f Ah (3 sigma)",
                                    100 * r.capacityAh() / ratedCapacityAh,
                                    300 * r.capacitySigmaAh() / ratedCapacityAh,
                                    ratedCapacityAh)
                            : "not learned",
                    resistanceHealth(r));
        }
        if (asJson) {
            out.println(JSON.writeValueAsString(json(r, ratedCapacityAh)));
        }
    }

    /** The resistance state of health in words: measured against the new cell, not measurable, or not tracked. */
    private static String resistanceHealth(ReplayResult r) {
        if (Double.isFinite(r.resistanceHealth())) {
            return String.format(
                    "%.1f %% +- %s of the new cell's for the same current and temperature",
                    100 * r.resistanceHealth(),
                    Double.isFinite(r.resistanceHealthSigma())
                            ? String.format("%.1f %% (3 sigma)", 300 * r.resistanceHealthSigma())
                            : "n/a");
        }
        return Double.isFinite(r.resistanceScale())
                ? "not measured (the trace never changed its current within seconds)"
                : "not tracked";
    }

    private static void line(PrintStream out, String name, SocErrorSummary s, boolean coverage) {
        // A trace shorter than the settling time has no "after 600 s" samples: n/a, not NaN.
        out.printf(
                "  %-17s SoC RMSE %s, max %s; after 600 s: RMSE %s, max %s%s%n",
                name,
                percent(s.rmse()),
                percent(s.maxAbsError()),
                percent(s.rmseAfterSettling()),
                percent(s.maxAbsErrorAfterSettling()),
                coverage
                        ? String.format(
                                ", 3-sigma coverage %s, mean 3-sigma +- %s",
                                Double.isFinite(s.sigma3Coverage()) ? String.format("%.3f", s.sigma3Coverage()) : "n/a",
                                percent(s.sigma3MeanAfterSettling()))
                        : "");
    }

    /** A SoC fraction in percent, or n/a where there is no figure. */
    private static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format("%.2f %%", 100 * fraction) : "n/a";
    }

    /** The stable JSON interface: fractions, not percent; null where not scored. */
    static ObjectNode json(ReplayResult r, double ratedCapacityAh) {
        ObjectNode o = JSON.createObjectNode();
        o.put("samples", r.samples());
        o.put("trace_duration_s", r.traceDurationS());
        o.put("wall_s", r.wallS());
        o.put("rows_per_s", r.rowsPerSecond());
        errors(o, r.estimator());
        JsonFigures.put(o, "sigma3_coverage", r.estimator().sigma3Coverage());
        JsonFigures.put(o, "soc_sigma3_mean_after_600s", r.estimator().sigma3MeanAfterSettling());
        errors(o.putObject("baseline"), r.baseline());
        JsonFigures.put(o, "final_soc", r.finalSoc());
        JsonFigures.put(o, "final_soc_sigma", r.finalSocSigma());
        JsonFigures.put(o, "temperature_min_degc", r.minTemperatureDegC());
        JsonFigures.put(o, "temperature_max_degc", r.maxTemperatureDegC());
        JsonFigures.put(o, "capacity_estimate_ah", r.capacityAh());
        JsonFigures.put(o, "capacity_sigma_ah", r.capacitySigmaAh());
        JsonFigures.put(o, "soh_capacity", r.capacityAh() / ratedCapacityAh);
        JsonFigures.put(o, "soh_capacity_sigma", r.capacitySigmaAh() / ratedCapacityAh);
        JsonFigures.put(o, "soh_resistance", r.resistanceHealth());
        JsonFigures.put(o, "soh_resistance_sigma", r.resistanceHealthSigma());
        JsonFigures.put(o, "resistance_scale", r.resistanceScale());
        JsonFigures.put(o, "resistance_scale_sigma", r.resistanceScaleSigma());
        o.put("strain_used", Double.isFinite(r.strainOffset()) && r.strainReadings() > 0);
        JsonFigures.put(o, "strain_offset", r.strainOffset());
        JsonFigures.put(o, "strain_offset_sigma", r.strainOffsetSigma());
        return o;
    }

    private static void errors(ObjectNode o, SocErrorSummary s) {
        JsonFigures.put(o, "soc_rmse", s.rmse());
        JsonFigures.put(o, "soc_max_abs_error", s.maxAbsError());
        JsonFigures.put(o, "soc_rmse_after_600s", s.rmseAfterSettling());
        JsonFigures.put(o, "soc_max_abs_error_after_600s", s.maxAbsErrorAfterSettling());
    }
}
