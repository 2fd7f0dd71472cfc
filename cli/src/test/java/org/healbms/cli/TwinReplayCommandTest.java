package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healbms twin replay}: the fleet's numbers are {@code healbms replay}'s, to the last digit. */
class TwinReplayCommandTest {

    private static final String DEMO = "Kollmeyer__NCR18650PF__25degC_US06";

    @TempDir
    Path dir;

    /** The demo trace's first rows (the first minutes of US06, its sidecar with them), to keep the test short. */
    private Path shortTrace(int rows) throws Exception {
        Path full = CliRun.bundled(dir, DEMO + ".bdf.csv.gz");
        Path sidecar = CliRun.bundled(dir, DEMO + ".bdf.metadata.json");
        Path trace = dir.resolve("us06-start.bdf.csv");
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(full)), StandardCharsets.UTF_8))) {
            Files.write(trace, in.lines().limit(rows + 1).toList());
        }
        Files.copy(sidecar, dir.resolve("us06-start.bdf.metadata.json"));
        return trace;
    }

    @Test
    void aFleetReplayedThroughTheTwinGivesTheReplaysSocOnEveryRow() throws Exception {
        Path trace = shortTrace(6000);
        Path cell = CliRun.bundled(dir, "NCR18650PF_25degC.cell.json");
        CliRun replay =
                CliRun.of("replay", trace.toString(), "--cell", cell.toString(), "--soc0-guess", "0.7", "--json");
        assertThat(replay.exitCode()).as(replay.err()).isZero();

        CliRun twin = CliRun.of(
                "twin",
                "replay",
                trace.toString(),
                "--cell",
                cell.toString(),
                "--soc0-guess",
                "0.7",
                "--packs",
                "3",
                "--cells-per-pack",
                "2",
                "--json");
        assertThat(twin.exitCode()).as(twin.err()).isZero();
        JsonNode o = twin.json();
        long rows = replay.json().get("samples").asLong();
        assertThat(rows).isEqualTo(6000);
        assertThat(o.get("records").asLong()).isEqualTo(3 * rows);
        assertThat(o.get("cell_updates").asLong()).isEqualTo(6 * rows);
        assertThat(o.get("max_soc_difference_vs_replay").asDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(o.get("dead_letters").asLong()).isZero();
        assertThat(o.get("cell_updates_per_s").asDouble()).isPositive();
        assertThat(o.get("wall_s").asDouble()).isPositive();
        // The filters (21 + 377 per cell), then the life story (52 + 96 for the pack and for each cell), no
        // active fault (4), then the detectors, idle at the end: each list's length (4) and its cells from 0
        // (the pack) to 2; a sensor-fault condition (1), a plating average (17), a stripping cell (57), and the
        // rests judged (4). Hot spots need three cells; this cell file learns neither resistance nor capacity.
        int detectors = 4 + 3 + 4 + 4 + 4 + 4 + 3 * 17 + 4 + 4 + 3 * 57 + 4 + 4;
        assertThat(o.get("state_bytes_per_pack").asInt()).isEqualTo(21 + 2 * 377 + 52 + 3 * 96 + 4 + detectors);
        assertThat(o.get("signature_changes").asLong()).isZero(); // one healthy cell's trace, 25 degC
        // The last estimate is the replay's final SoC (the replay's own JSON, not the twin's comparison).
        assertThat(o.get("traces").get(0).get("final_soc").asDouble())
                .isCloseTo(replay.json().get("final_soc").asDouble(), within(1e-6));
    }

    @Test
    void fewerPacksThanTracesAreRefusedByName() throws Exception {
        Path trace = shortTrace(10);
        Path other = Files.copy(trace, dir.resolve("other.bdf.csv"));
        Path cell = CliRun.bundled(dir, "NCR18650PF_25degC.cell.json");
        CliRun twin = CliRun.of(
                "twin", "replay", trace.toString(), other.toString(), "--cell", cell.toString(), "--packs", "1");
        assertThat(twin.exitCode()).isEqualTo(2);
        assertThat(twin.err()).contains("--packs 1 leaves traces unreplayed: 2 traces need at least 2 packs");
    }
}
