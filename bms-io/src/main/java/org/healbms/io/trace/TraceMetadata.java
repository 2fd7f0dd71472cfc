package org.healbms.io.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The sidecar {@code NAME.bdf.metadata.json} of a trace: where the data came from and the test's
 * start state. The typed fields are the ones HealBMS uses; {@code raw} keeps everything else.
 *
 * @param file                   the sidecar
 * @param startSoc               SoC at the start of the trace (fraction)
 * @param referenceCapacityAh    capacity the reference SoC is defined on, Ah
 * @param ambientTemperatureDegC chamber temperature, °C
 * @param nominalCapacityAh      the cell's rated capacity, Ah
 * @param minVoltageV            the cell's lower voltage limit, V
 * @param maxVoltageV            the cell's upper voltage limit, V
 * @param test                   what test this is, e.g. "drive cycle US06"
 * @param citation               how to cite the source
 * @param license                the data's licence
 * @param raw                    the whole document
 */
public record TraceMetadata(
        Path file,
        OptionalDouble startSoc,
        OptionalDouble referenceCapacityAh,
        OptionalDouble ambientTemperatureDegC,
        OptionalDouble nominalCapacityAh,
        OptionalDouble minVoltageV,
        OptionalDouble maxVoltageV,
        String test,
        String citation,
        String license,
        JsonNode raw) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sidecar path for a trace: {@code X.bdf.csv} or {@code X.bdf.csv.gz} → {@code X.bdf.metadata.json}. */
    public static Path sidecarOf(Path trace) {
        String name = trace.getFileName().toString();
        String stem = name.replaceFirst("\\.csv(\\.gz)?$", "");
        if (!stem.endsWith(".bdf")) {
            stem = stem + ".bdf";
        }
        return trace.resolveSibling(stem + ".metadata.json");
    }

    /** Reads the trace's sidecar if there is one. */
    public static Optional<TraceMetadata> forTrace(Path trace) throws TraceFormatException {
        Path sidecar = sidecarOf(trace);
        if (!Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        return Optional.of(read(sidecar));
    }

    public static TraceMetadata read(Path sidecar) throws TraceFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(sidecar.toFile());
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new TraceFormatException(sidecar, line, null, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TraceFormatException(sidecar, 0, null, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new TraceFormatException(sidecar, 0, null, "the metadata must be a JSON object");
        }
        JsonNode cell = root.path("cell");
        return new TraceMetadata(
                sidecar,
                number(sidecar, root, "start_soc"),
                number(sidecar, root, "reference_capacity_ah"),
                number(sidecar, root, "ambient_temperature_celsius"),
                number(sidecar, cell, "nominal_capacity_ah"),
                number(sidecar, cell, "min_voltage_v"),
                number(sidecar, cell, "max_voltage_v"),
                root.path("test").asText(""),
                root.path("citation").asText(""),
                root.path("license").asText(""),
                root);
    }

    private static OptionalDouble number(Path file, JsonNode parent, String field) throws TraceFormatException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber()) {
            throw new TraceFormatException(file, 0, null, "field '" + field + "' must be a number, got " + node);
        }
        return OptionalDouble.of(node.doubleValue());
    }
}
