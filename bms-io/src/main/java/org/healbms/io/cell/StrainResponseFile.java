package org.healbms.io.cell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.healbms.core.cell.StrainResponse;

/**
 * A strain gauge's calibration, {@link StrainResponse} as JSON ({@code format: healbms-strain}), written
 * by {@code healbms identify-cc --strain-output} and read by {@code healbms replay --strain}. It sits
 * beside the cell file because it describes one gauge on one cell, not the cell type. Reading checks
 * the whole file and names every problem with its JSON path; writing is atomic.
 */
public final class StrainResponseFile {

    public static final String FORMAT = "healbms-strain";
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> TOP_LEVEL = Set.of(
            "format",
            "format_version",
            "soc",
            "strain_m_per_m",
            "reference_temperature_degc",
            "thermal_coefficient_per_k",
            "noise_sigma",
            "noise_correlation_s",
            "offset_sigma",
            "offset_walk_per_sqrt_s",
            "thermal_coefficient_sigma_per_k",
            "provenance");
    private static final ParameterDocument DOCUMENT = new ParameterDocument(FORMAT, FORMAT_VERSION, TOP_LEVEL);

    private StrainResponseFile() {}

    public static StrainResponse read(Path file) throws IOException {
        CellParameterFile.Fields f = new CellParameterFile.Fields();
        JsonNode root = DOCUMENT.read(file, f);
        double[] soc = f.numbers(root.get("soc"), "$.soc");
        double[] strain = f.numbers(root.get("strain_m_per_m"), "$.strain_m_per_m");
        double reference = f.number(root, "$", "reference_temperature_degc");
        double coefficient = f.number(root, "$", "thermal_coefficient_per_k");
        double noise = f.number(root, "$", "noise_sigma");
        double correlation = f.number(root, "$", "noise_correlation_s");
        double offset = f.number(root, "$", "offset_sigma");
        double walk = f.number(root, "$", "offset_walk_per_sqrt_s");
        // Optional: files written before it existed take the coefficient as exact.
        JsonNode coefficientSigmaNode = root.get("thermal_coefficient_sigma_per_k");
        double coefficientSigma =
                coefficientSigmaNode == null ? 0.0 : f.number(root, "$", "thermal_coefficient_sigma_per_k");
        if (!f.problems.isEmpty()) {
            throw new CellFileException(file, f.problems);
        }
        try {
            return new StrainResponse(
                    soc, strain, reference, coefficient, noise, correlation, offset, walk, coefficientSigma);
        } catch (IllegalArgumentException e) {
            throw new CellFileException(file, List.of("$: " + e.getMessage()));
        }
    }

    /** Writes the file atomically; {@code provenance} may be null. */
    public static void write(Path file, StrainResponse s, JsonNode provenance) throws IOException {
        ObjectNode root = DOCUMENT.create();
        var soc = root.putArray("soc");
        for (double v : s.socNodes()) {
            soc.add(v);
        }
        var strain = root.putArray("strain_m_per_m");
        for (double v : s.strain()) {
            strain.add(v);
        }
        root.put("reference_temperature_degc", s.referenceTemperatureDegC());
        root.put("thermal_coefficient_per_k", s.thermalCoefficientPerK());
        root.put("noise_sigma", s.noiseSigma());
        root.put("noise_correlation_s", s.noiseCorrelationS());
        root.put("offset_sigma", s.offsetSigma());
        root.put("offset_walk_per_sqrt_s", s.offsetWalkPerSqrtS());
        root.put("thermal_coefficient_sigma_per_k", s.thermalCoefficientSigmaPerK());
        ParameterDocument.write(file, root, provenance);
    }
}
