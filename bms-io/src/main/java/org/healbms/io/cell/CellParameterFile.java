package org.healbms.io.cell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ChargeTransfer;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.ModelErrorProfile;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * The cell parameter file: {@link CellParameters} as JSON with the unit in every field name
 * ({@code capacity_ah}, {@code r0_ohm}, {@code tau1_s}, ...), written by {@code healbms identify} and
 * read by {@code healbms replay}. Other tools read it too, so it carries {@code format} and
 * {@code format_version}.
 *
 * <p>Reading validates the whole file and reports every problem it finds at once, each with its JSON
 * path: a typo in a field name is an error, not a silently ignored field. Writing goes to a temporary
 * file that is renamed into place, so an existing file is never left half-written.
 */
public final class CellParameterFile {

    public static final String FORMAT = "healbms-cell";
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> TOP_LEVEL = Set.of(
            "format",
            "format_version",
            "name",
            "capacity_ah",
            "coulombic_efficiency",
            "min_voltage_v",
            "max_voltage_v",
            "ocv_v",
            "r0_ohm",
            "r1_ohm",
            "tau1_s",
            "r2_ohm",
            "tau2_s",
            "hysteresis_v",
            "hysteresis_rate",
            "charge_transfer",
            "noise",
            "provenance");
    private static final ParameterDocument DOCUMENT = new ParameterDocument(FORMAT, FORMAT_VERSION, TOP_LEVEL);
    /** {@code temperature_law} is optional: "linear" (the default, and every file before it existed) or
     * "arrhenius" (see {@link SocTemperatureTable}). */
    private static final Set<String> TABLE = Set.of("soc", "temperature_degc", "values", "temperature_law");

    private static final Set<String> NOISE = Set.of(
            "initial_soc_sigma",
            "soc_process_sigma_per_sqrt_s",
            "rc_voltage_process_sigma_v_per_sqrt_s",
            "hysteresis_process_sigma_v_per_sqrt_s",
            "voltage_sigma_v",
            "voltage_error_correlation_s",
            "voltage_bias_process_sigma_v_per_sqrt_s",
            "initial_capacity_sigma_fraction",
            "capacity_process_sigma_fraction_per_sqrt_s",
            "initial_resistance_sigma_fraction",
            "resistance_process_sigma_fraction_per_sqrt_s",
            "model_error");
    /** Optional ({@link ChargeTransfer}): files from before it, or identified without it, leave it out. */
    private static final Set<String> CHARGE_TRANSFER = Set.of("ohmic_r0_ohm", "exchange_current_a", "tafel_v", "tau_s");

    private static final Set<String> MODEL_ERROR = Set.of(
            "voltage_bias_sigma_v",
            "voltage_bias_sigma_ohm",
            "voltage_bias_correlation_s",
            "overpotential_sigma_fraction",
            "identified_current_a",
            "identified_sustained_current_a");

    /** The parameters and the free-form provenance (what they were identified from, fit figures). */
    public record Contents(CellParameters parameters, JsonNode provenance) {}

    private CellParameterFile() {}

    public static Contents read(Path file) throws IOException {
        Fields f = new Fields();
        JsonNode root = DOCUMENT.read(file, f);
        String name = f.text(root, "$", "name");
        double capacity = f.number(root, "$", "capacity_ah");
        double efficiency = f.number(root, "$", "coulombic_efficiency");
        double minV = f.number(root, "$", "min_voltage_v");
        double maxV = f.number(root, "$", "max_voltage_v");
        SocTemperatureTable ocv = f.table(root, "ocv_v");
        SocTemperatureTable r0 = f.table(root, "r0_ohm");
        SocTemperatureTable r1 = f.table(root, "r1_ohm");
        SocTemperatureTable tau1 = f.table(root, "tau1_s");
        SocTemperatureTable r2 = f.table(root, "r2_ohm");
        SocTemperatureTable tau2 = f.table(root, "tau2_s");
        double hysteresis = f.number(root, "$", "hysteresis_v");
        double hysteresisRate = f.number(root, "$", "hysteresis_rate");
        ChargeTransfer transfer = root.has("charge_transfer") ? f.chargeTransfer(root.get("charge_transfer")) : null;
        EstimatorNoise noise = f.noise(root);
        if (!f.problems.isEmpty()) {
            throw new CellFileException(file, f.problems);
        }
        try {
            CellParameters p = new CellParameters(
                    name,
                    new CellParameters.Charge(capacity, efficiency),
                    new CellParameters.VoltageWindow(minV, maxV),
                    ocv,
                    new CellParameters.Impedance(
                            r0, new CellParameters.RcPair(r1, tau1), new CellParameters.RcPair(r2, tau2), transfer),
                    new CellParameters.Hysteresis(hysteresis, hysteresisRate),
                    noise);
            JsonNode provenance =
                    root.has("provenance") ? root.get("provenance") : JsonNodeFactory.instance.objectNode();
            return new Contents(p, provenance);
        } catch (IllegalArgumentException e) {
            // The model's own checks name the field in their message (e.g. "capacity_ah must be > 0").
            throw new CellFileException(file, List.of("$: " + e.getMessage()));
        }
    }

    /** Writes the file atomically; {@code provenance} may be null. */
    public static void write(Path file, CellParameters p, JsonNode provenance) throws IOException {
        ObjectNode root = DOCUMENT.create();
        root.put("name", p.name());
        root.put("capacity_ah", p.capacityAh());
        root.put("coulombic_efficiency", p.coulombicEfficiency());
        root.put("min_voltage_v", p.minVoltageV());
        root.put("max_voltage_v", p.maxVoltageV());
        root.set("ocv_v", table(p.ocvV()));
        root.set("r0_ohm", table(p.r0Ohm()));
        root.set("r1_ohm", table(p.r1Ohm()));
        root.set("tau1_s", table(p.tau1S()));
        root.set("r2_ohm", table(p.r2Ohm()));
        root.set("tau2_s", table(p.tau2S()));
        root.put("hysteresis_v", p.hysteresisV());
        root.put("hysteresis_rate", p.hysteresisRate());
        ChargeTransfer transfer = p.chargeTransfer();
        if (transfer != null) {
            ObjectNode t = root.putObject("charge_transfer");
            t.set("ohmic_r0_ohm", table(transfer.ohmicOhm()));
            t.set("exchange_current_a", table(transfer.exchangeCurrentA()));
            t.set("tafel_v", table(transfer.tafelV()));
            t.set("tau_s", table(transfer.tauS()));
        }
        ObjectNode noise = root.putObject("noise");
        noise.put("initial_soc_sigma", p.noise().initialSocSigma());
        noise.put("soc_process_sigma_per_sqrt_s", p.noise().socProcessSigmaPerSqrtS());
        noise.put("rc_voltage_process_sigma_v_per_sqrt_s", p.noise().rcVoltageProcessSigmaPerSqrtS());
        noise.put("hysteresis_process_sigma_v_per_sqrt_s", p.noise().hysteresisProcessSigmaPerSqrtS());
        noise.put("voltage_sigma_v", p.noise().voltageSigmaV());
        noise.put("voltage_error_correlation_s", p.noise().voltageErrorCorrelationS());
        noise.put("voltage_bias_process_sigma_v_per_sqrt_s", p.noise().voltageBiasProcessSigmaPerSqrtS());
        noise.put("initial_capacity_sigma_fraction", p.noise().initialCapacitySigmaFraction());
        noise.put("capacity_process_sigma_fraction_per_sqrt_s", p.noise().capacityProcessSigmaFractionPerSqrtS());
        noise.put("initial_resistance_sigma_fraction", p.noise().initialResistanceSigmaFraction());
        noise.put("resistance_process_sigma_fraction_per_sqrt_s", p.noise().resistanceProcessSigmaFractionPerSqrtS());
        ModelErrorProfile profile = p.noise().modelError();
        if (profile != null) {
            ObjectNode m = noise.putObject("model_error");
            m.set("voltage_bias_sigma_v", table(profile.biasSigmaV()));
            m.set("voltage_bias_sigma_ohm", table(profile.biasSigmaOhm()));
            m.put("voltage_bias_correlation_s", profile.biasCorrelationS());
            m.set("overpotential_sigma_fraction", table(profile.overpotentialSigmaFraction()));
            m.put("identified_current_a", profile.identifiedCurrentA());
            m.put("identified_sustained_current_a", profile.identifiedSustainedCurrentA());
        }
        ParameterDocument.write(file, root, provenance);
    }

    private static ObjectNode table(SocTemperatureTable t) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (t.law() != SocTemperatureTable.TemperatureLaw.LINEAR) {
            node.put("temperature_law", t.law().name().toLowerCase(Locale.ROOT));
        }
        ArrayNode soc = node.putArray("soc");
        for (double s : t.soc()) {
            soc.add(s);
        }
        ArrayNode temps = node.putArray("temperature_degc");
        for (double s : t.temperatureDegC()) {
            temps.add(s);
        }
        ArrayNode rows = node.putArray("values");
        for (double[] row : t.values()) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        return node;
    }

    /** Reads typed fields and collects every problem with its JSON path. */
    static final class Fields {
        final List<String> problems = new ArrayList<>();

        void problem(String path, String message) {
            problems.add(path + ": " + message);
        }

        void unknownFields(JsonNode node, String path, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!known.contains(field)) {
                    problem(
                            path + "." + field,
                            "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }

        String text(JsonNode parent, String path, String field) {
            JsonNode node = parent.get(field);
            if (node == null) {
                problem(path + "." + field, "missing");
                return null;
            }
            if (!node.isTextual()) {
                problem(path + "." + field, "must be a string, got " + node);
                return null;
            }
            return node.asText();
        }

        double number(JsonNode parent, String path, String field) {
            JsonNode node = parent.get(field);
            if (node == null) {
                problem(path + "." + field, "missing");
                return Double.NaN;
            }
            return number(node, path + "." + field);
        }

        double number(JsonNode node, String path) {
            if (!node.isNumber()) {
                problem(path, "must be a number, got " + node);
                return Double.NaN;
            }
            return node.doubleValue();
        }

        double[] numbers(JsonNode node, String path) {
            if (node == null) {
                problem(path, "missing");
                return null;
            }
            if (!node.isArray()) {
                problem(path, "must be an array of numbers, got " + node);
                return null;
            }
            double[] values = new double[node.size()];
            int before = problems.size();
            for (int k = 0; k < values.length; k++) {
                values[k] = number(node.get(k), path + "[" + k + "]");
            }
            return problems.size() == before ? values : null;
        }

        SocTemperatureTable table(JsonNode root, String field) {
            return table(root, "$", field);
        }

        SocTemperatureTable table(JsonNode root, String parentPath, String field) {
            String path = parentPath + "." + field;
            JsonNode node = root.get(field);
            if (node == null) {
                problem(path, "missing");
                return null;
            }
            if (!node.isObject()) {
                problem(path, "must be an object with soc, temperature_degc and values");
                return null;
            }
            unknownFields(node, path, TABLE);
            double[] soc = numbers(node.get("soc"), path + ".soc");
            double[] temps = numbers(node.get("temperature_degc"), path + ".temperature_degc");
            JsonNode rowsNode = node.get("values");
            double[][] rows = null;
            if (rowsNode == null || !rowsNode.isArray()) {
                problem(
                        path + ".values",
                        rowsNode == null ? "missing" : "must be an array of rows, one per temperature");
            } else {
                rows = new double[rowsNode.size()][];
                for (int t = 0; t < rows.length; t++) {
                    rows[t] = numbers(rowsNode.get(t), path + ".values[" + t + "]");
                    if (rows[t] == null) {
                        rows = null;
                        break;
                    }
                }
            }
            SocTemperatureTable.TemperatureLaw law = SocTemperatureTable.TemperatureLaw.LINEAR;
            JsonNode lawNode = node.get("temperature_law");
            if (lawNode != null) {
                String name = lawNode.isTextual() ? lawNode.asText() : "";
                if (name.equals("arrhenius")) {
                    law = SocTemperatureTable.TemperatureLaw.ARRHENIUS;
                } else if (!name.equals("linear")) {
                    problem(path + ".temperature_law", "must be \"linear\" or \"arrhenius\", got " + lawNode);
                    return null;
                }
            }
            if (soc == null || temps == null || rows == null) {
                return null;
            }
            try {
                return new SocTemperatureTable(soc, temps, rows, law);
            } catch (IllegalArgumentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        private double optionalNumber(JsonNode noiseNode, String field) {
            return noiseNode.has(field) ? number(noiseNode, "$.noise", field) : 0.0;
        }

        ChargeTransfer chargeTransfer(JsonNode node) {
            String path = "$.charge_transfer";
            if (!node.isObject()) {
                problem(path, "must be an object");
                return null;
            }
            unknownFields(node, path, CHARGE_TRANSFER);
            int before = problems.size();
            SocTemperatureTable ohmic = table(node, path, "ohmic_r0_ohm");
            SocTemperatureTable exchange = table(node, path, "exchange_current_a");
            SocTemperatureTable tafel = table(node, path, "tafel_v");
            SocTemperatureTable tau = table(node, path, "tau_s");
            if (problems.size() != before) {
                return null;
            }
            try {
                return new ChargeTransfer(ohmic, exchange, tafel, tau);
            } catch (IllegalArgumentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        /** Optional: files written before the filter's noise was set per SoC and temperature have none. */
        ModelErrorProfile modelError(JsonNode node) {
            String path = "$.noise.model_error";
            if (!node.isObject()) {
                problem(path, "must be an object");
                return null;
            }
            unknownFields(node, path, MODEL_ERROR);
            int before = problems.size();
            SocTemperatureTable bias = table(node, path, "voltage_bias_sigma_v");
            SocTemperatureTable biasOhm = table(node, path, "voltage_bias_sigma_ohm");
            double correlation = number(node, path, "voltage_bias_correlation_s");
            SocTemperatureTable fast = table(node, path, "overpotential_sigma_fraction");
            double current = number(node, path, "identified_current_a");
            double sustained = number(node, path, "identified_sustained_current_a");
            if (problems.size() != before) {
                return null;
            }
            try {
                return new ModelErrorProfile(bias, biasOhm, correlation, fast, current, sustained);
            } catch (IllegalArgumentException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        EstimatorNoise noise(JsonNode root) {
            JsonNode node = root.get("noise");
            if (node == null || !node.isObject()) {
                problem("$.noise", node == null ? "missing" : "must be an object");
                return null;
            }
            unknownFields(node, "$.noise", NOISE);
            int before = problems.size();
            double initial = number(node, "$.noise", "initial_soc_sigma");
            double soc = number(node, "$.noise", "soc_process_sigma_per_sqrt_s");
            double rc = number(node, "$.noise", "rc_voltage_process_sigma_v_per_sqrt_s");
            double hyst = number(node, "$.noise", "hysteresis_process_sigma_v_per_sqrt_s");
            double voltage = number(node, "$.noise", "voltage_sigma_v");
            double correlation = number(node, "$.noise", "voltage_error_correlation_s");
            double bias = number(node, "$.noise", "voltage_bias_process_sigma_v_per_sqrt_s");
            // Optional: files written before capacity and resistance were estimated leave them out, and 0
            // means "not estimated".
            double capacityPrior = optionalNumber(node, "initial_capacity_sigma_fraction");
            double capacityWalk = optionalNumber(node, "capacity_process_sigma_fraction_per_sqrt_s");
            double resistancePrior = optionalNumber(node, "initial_resistance_sigma_fraction");
            double resistanceWalk = optionalNumber(node, "resistance_process_sigma_fraction_per_sqrt_s");
            ModelErrorProfile modelError = node.has("model_error") ? modelError(node.get("model_error")) : null;
            if (problems.size() != before) {
                return null;
            }
            try {
                return new EstimatorNoise(
                        new EstimatorNoise.SocNoise(initial, soc),
                        new EstimatorNoise.PolarisationNoise(rc, hyst),
                        new EstimatorNoise.VoltageNoise(voltage, correlation, bias, modelError),
                        new EstimatorNoise.CapacityLearning(capacityPrior, capacityWalk),
                        new EstimatorNoise.ResistanceLearning(resistancePrior, resistanceWalk));
            } catch (IllegalArgumentException e) {
                problem("$.noise", e.getMessage());
                return null;
            }
        }
    }
}
