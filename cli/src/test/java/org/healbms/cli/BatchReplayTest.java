package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healbms replay} with several traces: one process, a line per trace in order, a summary last. */
class BatchReplayTest {

    private static final String DEMO = "Kollmeyer__NCR18650PF__25degC_US06";

    @TempDir
    Path dir;

    private Path traces;
    private Path cell;

    @BeforeEach
    void traces() throws Exception {
        traces = Files.createDirectories(dir.resolve("traces"));
        Path trace = CliRun.bundled(dir, DEMO + ".bdf.csv.gz");
        Path sidecar = CliRun.bundled(dir, DEMO + ".bdf.metadata.json");
        for (String name : List.of("a_US06", "b_US06")) {
            Files.copy(trace, traces.resolve(name + ".bdf.csv.gz"));
            Files.copy(sidecar, traces.resolve(name + ".bdf.metadata.json"));
        }
        cell = CliRun.bundled(dir, "NCR18650PF_25degC.cell.json");
    }

    @Test
    void aDirectoryIsReplayedTraceByTraceWithTheSameFiguresAsSingleRunsAndASummaryLast() throws Exception {
        CliRun single = CliRun.of(
                "replay",
                traces.resolve("a_US06.bdf.csv.gz").toString(),
                "--cell",
                cell.toString(),
                "--soc0-guess",
                "0.7",
                "--json");
        assertThat(single.exitCode()).as(single.err()).isZero();
        double singleRmse = single.json().get("soc_rmse_after_600s").asDouble();

        CliRun batch =
                CliRun.of("replay", traces.toString(), "--cell", cell.toString(), "--soc0-guess", "0.7", "--json");
        assertThat(batch.exitCode()).as(batch.err()).isZero();
        List<JsonNode> lines = json(batch);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("trace").asText()).endsWith("a_US06.bdf.csv.gz");
        assertThat(lines.get(1).get("trace").asText()).endsWith("b_US06.bdf.csv.gz");
        for (JsonNode trace : lines.subList(0, 2)) {
            // Replayed in parallel, each with its own estimator: the same figures as the single run.
            assertThat(trace.get("soc_rmse_after_600s").asDouble()).isEqualTo(singleRmse);
        }
        JsonNode summary = lines.get(2);
        assertThat(summary.get("summary").asBoolean()).isTrue();
        assertThat(summary.get("traces").asInt()).isEqualTo(2);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("scored").asInt()).isEqualTo(2);
        assertThat(summary.get("soc_rmse_after_600s_mean").asDouble()).isCloseTo(singleRmse, within(1e-12));
        assertThat(summary.get("rows").asLong())
                .isEqualTo(2 * single.json().get("samples").asLong());
    }

    @Test
    void aBrokenTraceIsNamedWhileTheOthersStillRunAndTheCallExits2() throws Exception {
        Files.writeString(traces.resolve("broken.bdf.csv"), "this is not,a trace\n1,2\n");
        CliRun batch =
                CliRun.of("replay", traces.toString(), "--cell", cell.toString(), "--soc0-guess", "0.7", "--json");
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.err()).contains("broken.bdf.csv");
        List<JsonNode> lines = json(batch);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2).get("trace").asText()).endsWith("broken.bdf.csv");
        assertThat(lines.get(2).get("error").asText()).contains("broken.bdf.csv");
        assertThat(lines.get(0).get("soc_rmse_after_600s").isNumber()).isTrue();
        assertThat(lines.get(3).get("failed").asInt()).isEqualTo(1);
        assertThat(lines.get(3).get("traces").asInt()).isEqualTo(3);
    }

    @Test
    void aQuotedGlobSelectsTracesAndTheTableHasARowEachAndASummaryRow() {
        CliRun batch = CliRun.of(
                "replay",
                traces.resolve("*_US06.bdf.csv.gz").toString(),
                "--cell",
                cell.toString(),
                "--soc0-guess",
                "0.7");
        assertThat(batch.exitCode()).as(batch.err()).isZero();
        assertThat(batch.out()).contains("a_US06").contains("b_US06").contains("mean (worst) of 2 scored");

        CliRun none = CliRun.of("replay", traces.resolve("*_LA92.bdf.csv.gz").toString(), "--cell", cell.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("_LA92.bdf.csv.gz: matches no file");
    }

    private static List<JsonNode> json(CliRun run) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : run.lines()) {
            if (line.startsWith("{")) {
                nodes.add(mapper.readTree(line));
            }
        }
        return nodes;
    }
}
