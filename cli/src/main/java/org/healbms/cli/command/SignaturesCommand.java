package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.estimation.CellStateEstimator;
import org.healbms.core.estimation.CoulombCountingEstimator;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.core.estimation.HealthLearning;
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.core.signature.PackSignatures;
import org.healbms.core.signature.PlatingRiskDetector;
import org.healbms.core.signature.ResistanceGrowthDetector;
import org.healbms.core.signature.SignatureDetector;
import org.healbms.core.signature.SignatureKind;
import org.healbms.core.signature.StrippingPlateauDetector;
import org.healbms.core.signature.SwellingDetector;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.BdfReader;
import org.healbms.sim.replay.TraceReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code healbms signatures}: replays traces through the estimator and the degradation detectors
 * and lists every signature that fired. On traces of healthy cells every firing is a false
 * positive, which is how the detectors' false-positive rate on real data is measured.
 */
@Command(
        name = "signatures",
        mixinStandardHelpOptions = true,
        description = {
            "Replay traces through the EKF (learning state of health) and the degradation-signature",
            "detectors; print every signature that fired. --detectors picks which run: on a cell the",
            "cell file does not describe, run only swelling and plating_risk (model-free but for the",
            "relaxation after a charge, which it judges against the cell file's RC pairs)."
        })
public final class SignaturesCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long S = 1_000_000_000L;

    @Parameters(paramLabel = "TRACE", arity = "1..*", description = "BDF traces")
    List<Path> traces;

    @Option(
            names = "--cell",
            required = true,
            paramLabel = "CELL.json",
            description = "cell parameter file for the EKF")
    Path cell;

    @Option(
            names = "--detectors",
            split = ",",
            paramLabel = "KIND",
            defaultValue = "resistance_growth,plating_risk,irreversible_swelling",
            description = "detectors to run (default: ${DEFAULT-VALUE})")
    List<String> detectorNames;

    @Option(
            names = "--capacity-ah",
            defaultValue = "2.9",
            description = "nominal capacity for C-rates (default: ${DEFAULT-VALUE})")
    double capacityAh;

    @Option(names = "--json", description = "print the result as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CellParameters p = HealthLearning.enable(CellParameterFile.read(cell).parameters());
        for (String name : detectorNames) {
            if (!List.of("resistance_growth", "plating_risk", "irreversible_swelling")
                    .contains(name)) {
                throw new IllegalArgumentException("unknown detector '" + name
                        + "' (expected resistance_growth, plating_risk, irreversible_swelling)");
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("traces");
        double totalHours = 0;
        int totalFired = 0;
        int totalRests = 0;
        for (Path trace : traces) {
            List<SignatureDetector> detectors = new ArrayList<>();
            StrippingPlateauDetector stripping = null;
            if (detectorNames.contains("resistance_growth")) {
                detectors.add(new ResistanceGrowthDetector(
                        PackSignatures.RESISTANCE_GROWTH_PERSIST.toNanos(),
                        PackSignatures.RESISTANCE_BASELINE_WINDOW.toNanos()));
            }
            if (detectorNames.contains("plating_risk")) {
                // Both signs of plating: charging harder than the cold anode takes, and the stripping
                // plateau in the relaxation after a charge (against the cell file's relaxation).
                detectors.add(new PlatingRiskDetector(PackSignatures.PLATING_RISK_PERSIST.toNanos(), capacityAh));
                stripping = new StrippingPlateauDetector(capacityAh, p);
                detectors.add(stripping);
            }
            if (detectorNames.contains("irreversible_swelling")) {
                detectors.add(new SwellingDetector(PackSignatures.SWELLING_PERSIST.toNanos()));
            }
            Set<SignatureKind> seen = EnumSet.noneOf(SignatureKind.class);
            List<DegradationSignature> fired = new ArrayList<>();
            double[] duration = new double[1];
            try (BdfReader reader = BdfReader.open(trace, BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT)) {
                TraceReplay.Settings settings = TraceReplay.settings(
                        OptionalDouble.empty(),
                        OptionalDouble.empty(),
                        OptionalDouble.empty(),
                        reader.metadata(),
                        p.capacityAh());
                CellStateEstimator estimator = new ExtendedKalmanSocEstimator(p);
                int temperature = reader.has(BdfLabels.SURFACE_TEMPERATURE_T1)
                        ? reader.column(BdfLabels.SURFACE_TEMPERATURE_T1)
                        : -1;
                int strain = reader.has(BdfLabels.HOOP_STRAIN) ? reader.column(BdfLabels.HOOP_STRAIN) : -1;
                int current = reader.column(BdfLabels.CURRENT);
                int voltage = reader.column(BdfLabels.VOLTAGE);
                TraceReplay.run(
                        reader,
                        estimator,
                        new CoulombCountingEstimator(p),
                        settings,
                        (row, elapsed, est, base, reference) -> {
                            duration[0] = elapsed;
                            // The reference SoC (start SoC + coulomb count) where the trace has one: the
                            // swelling bins then do not depend on how well the model fits this cell.
                            double soc = Double.isFinite(reference) ? reference : est.soc();
                            CellObservation o = new CellObservation(
                                    1,
                                    soc,
                                    temperature >= 0 ? row.value(temperature) : Double.NaN,
                                    row.value(current),
                                    Double.NaN,
                                    est.resistanceScale(),
                                    est.resistanceScaleSigma(),
                                    strain >= 0 ? row.value(strain) : Double.NaN,
                                    row.value(voltage),
                                    Double.NaN,
                                    ResistanceHealth.UNKNOWN);
                            long now = (long) (elapsed * S);
                            for (SignatureDetector d : detectors) {
                                for (DegradationSignature s : d.update(List.of(o), now)) {
                                    if (seen.add(s.kind())) {
                                        fired.add(s);
                                    }
                                }
                            }
                        });
            }
            double hours = duration[0] / 3600;
            totalHours += hours;
            totalFired += fired.size();
            int rests = stripping == null ? 0 : stripping.restsJudged();
            totalRests += rests;
            System.out.printf(
                    "%s: %.2f h, %d post-charge rests judged, %s%n",
                    trace.getFileName(), hours, rests, fired.isEmpty() ? "no signature" : "");
            ObjectNode t = list.addObject();
            t.put("trace", trace.getFileName().toString());
            t.put("hours", hours);
            t.put("post_charge_rests", rests);
            ArrayNode sigs = t.putArray("signatures");
            for (DegradationSignature s : fired) {
                System.out.printf(
                        "  %s at %.0f s: severity %.2f, %s%n",
                        s.kind().ruleName(), s.sinceNanos() / 1e9, s.severity(), s.evidence());
                ObjectNode n = sigs.addObject();
                n.put("kind", s.kind().ruleName());
                n.put("at_s", s.sinceNanos() / 1e9);
                n.put("severity", s.severity());
                n.put("evidence", s.evidence());
            }
        }
        System.out.printf(
                "%d traces, %.1f h, %d post-charge rests: %d signatures fired (%.3f per hour)%n",
                traces.size(), totalHours, totalRests, totalFired, totalHours > 0 ? totalFired / totalHours : 0);
        if (json) {
            out.put("hours", totalHours);
            out.put("signatures", totalFired);
            out.put("post_charge_rests", totalRests);
            out.put("signatures_per_hour", totalHours > 0 ? totalFired / totalHours : 0);
            System.out.println(JSON.writeValueAsString(out));
        }
        return 0;
    }
}
