package org.healbms.io.cell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.healbms.core.thermal.CoreThermalModel;
import org.healbms.core.thermal.TwoNodeThermalModel;

/**
 * A cell's core thermal model, {@link CoreThermalModel} as JSON ({@code format: healbms-thermal}),
 * written by {@code healbms thermal --output} and read by the firmware for its virtual core
 * temperature. Reading checks the whole file and names every problem with its JSON path; writing is
 * atomic.
 */
public final class ThermalModelFile {

    public static final String FORMAT = "healbms-thermal";
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> TOP_LEVEL = Set.of(
            "format",
            "format_version",
            "core_heat_capacity_j_per_k",
            "surface_heat_capacity_j_per_k",
            "core_to_surface_k_per_w",
            "surface_to_ambient_k_per_w",
            "process_sigma_k_per_sqrt_s",
            "surface_sigma_k",
            "provenance");
    private static final ParameterDocument DOCUMENT = new ParameterDocument(FORMAT, FORMAT_VERSION, TOP_LEVEL);

    private ThermalModelFile() {}

    public static CoreThermalModel read(Path file) throws IOException {
        CellParameterFile.Fields f = new CellParameterFile.Fields();
        JsonNode root = DOCUMENT.read(file, f);
        double coreCapacity = f.number(root, "$", "core_heat_capacity_j_per_k");
        double surfaceCapacity = f.number(root, "$", "surface_heat_capacity_j_per_k");
        double coreToSurface = f.number(root, "$", "core_to_surface_k_per_w");
        double surfaceToAmbient = f.number(root, "$", "surface_to_ambient_k_per_w");
        double process = f.number(root, "$", "process_sigma_k_per_sqrt_s");
        double surface = f.number(root, "$", "surface_sigma_k");
        if (!f.problems.isEmpty()) {
            throw new CellFileException(file, f.problems);
        }
        try {
            return new CoreThermalModel(
                    new TwoNodeThermalModel(coreCapacity, surfaceCapacity, coreToSurface, surfaceToAmbient),
                    process,
                    surface);
        } catch (IllegalArgumentException e) {
            throw new CellFileException(file, List.of("$: " + e.getMessage()));
        }
    }

    /** Writes the file atomically; {@code provenance} may be null. */
    public static void write(Path file, CoreThermalModel m, JsonNode provenance) throws IOException {
        ObjectNode root = DOCUMENT.create();
        root.put("core_heat_capacity_j_per_k", m.model().coreHeatCapacityJPerK());
        root.put("surface_heat_capacity_j_per_k", m.model().surfaceHeatCapacityJPerK());
        root.put("core_to_surface_k_per_w", m.model().coreToSurfaceKPerW());
        root.put("surface_to_ambient_k_per_w", m.model().surfaceToAmbientKPerW());
        root.put("process_sigma_k_per_sqrt_s", m.processSigmaKPerSqrtS());
        root.put("surface_sigma_k", m.surfaceSigmaK());
        ParameterDocument.write(file, root, provenance);
    }
}
