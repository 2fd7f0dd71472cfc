package org.healbms.io.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.healbms.core.thermal.CoreThermalModel;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThermalModelFileTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackTheSameModel() throws Exception {
        CoreThermalModel m = new CoreThermalModel(new TwoNodeThermalModel(40, 6.5, 2.0, 3.8), 0.03, 0.2);
        Path file = dir.resolve("cell.thermal.json");
        ThermalModelFile.write(file, m, null);
        assertThat(Files.readString(file)).contains("\"format\" : \"healbms-thermal\"");
        assertThat(ThermalModelFile.read(file)).isEqualTo(m);
    }

    @Test
    void namesEveryProblemWithItsPath() throws Exception {
        Path file = dir.resolve("bad.thermal.json");
        Files.writeString(
                file,
                "{\"format\": \"healbms-thermal\", \"format_version\": 1, \"core_heat_capacity_j_per_k\": 40,"
                        + " \"surface_heat_capacity_j_per_k\": \"six\", \"core_to_surface_k_per_w\": 2, \"surface_to_ambient_k_per_w\": 4,"
                        + " \"process_sigma_k_per_sqrt_s\": 0.03, \"surface_sigma_k\": 0.2, \"fan\": true}");
        assertThatThrownBy(() -> ThermalModelFile.read(file)).isInstanceOfSatisfying(CellFileException.class, e -> {
            assertThat(e.getMessage()).contains("bad.thermal.json");
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("$.surface_heat_capacity_j_per_k"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("$.fan: unknown field"));
        });
        Files.writeString(
                file,
                "{\"format\": \"healbms-thermal\", \"format_version\": 1, \"core_heat_capacity_j_per_k\": 40,"
                        + " \"surface_heat_capacity_j_per_k\": 6, \"core_to_surface_k_per_w\": -2, \"surface_to_ambient_k_per_w\": 4,"
                        + " \"process_sigma_k_per_sqrt_s\": 0.03, \"surface_sigma_k\": 0.2}");
        assertThatThrownBy(() -> ThermalModelFile.read(file))
                .isInstanceOf(CellFileException.class)
                .hasMessageContaining("must be positive");
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> ThermalModelFile.read(file)).hasMessageContaining("$: must be a JSON object");
    }
}
