package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code healbms lifetime} end to end on a 4-cell pack for a few simulated minutes (virtual clock):
 * the JSON names the active faults, and {@code --report} keeps the firmware's state directory with its
 * audit log and writes the plots; a configuration that names its own board is refused.
 */
class LifetimeCommandTest {

    @TempDir
    Path dir;

    @Test
    void aReportKeepsTheRunAndPlotsItAndTheJsonNamesTheFaults() throws Exception {
        Path report = dir.resolve("report");
        CliRun r = CliRun.of(
                "lifetime", "--days", "0.005", "--cells", "4", "--seed", "3", "--json", "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("unsafe_ticks").asLong()).isZero();
        assertThat(j.get("max_cell_voltage_v").asDouble()).isBetween(3.0, 4.2);
        assertThat(j.get("pack_state").asText()).isEqualTo("normal");
        assertThat(j.get("active_faults").isArray()).isTrue();
        assertThat(j.get("active_faults")).isEmpty();
        assertThat(j.get("faults_raised").asInt()).isZero();
        // The first tick reads the plant, not the cell monitor's reset inputs.
        assertThat(j.get("soc_max_error").asDouble()).isLessThan(0.05);
        assertThat(j.get("false_healing_actions").asInt()).isZero();
        assertThat(j.has("healing_verdict_agreement")).isTrue();
        assertThat(report.resolve("firmware/state/audit.log")).content().contains("started: board lifetime-4s");
        assertThat(report.resolve("firmware.log")).exists();
        for (String png : new String[] {"capacity.png", "resistance.png", "soh-capacity.png", "soh-resistance.png"}) {
            assertThat(Files.size(report.resolve(png))).as(png).isGreaterThan(1000);
        }
    }

    @Test
    void aConfigurationWithItsOwnBoardIsRefused() throws Exception {
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(config, """
                format: healbms-firmware
                format_version: 1
                board: my.board.yaml
                """);
        CliRun r = CliRun.of("lifetime", "--days", "0.001", "--cells", "4", "--config", config.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("firmware.yaml").contains("leave board out");
    }
}
