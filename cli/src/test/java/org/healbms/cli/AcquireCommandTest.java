package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.healbms.io.trace.BdfReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcquireCommandTest {

    @TempDir
    Path dir;

    /** A bench board with only a SmartShunt on a (emulated) serial line, run on the wall clock. */
    @Test
    void acquiresFromAnEmulatedSerialMonitorAndRecordsATraceReplayCanRead() throws Exception {
        Path board = dir.resolve("shunt.board.yaml");
        Files.writeString(board, """
                format: healbms-board
                format_version: 1
                name: shunt-bench
                platform: emulated
                tick_ms: 100
                cells: 0
                devices:
                  - id: shunt
                    type: victron-vedirect
                    period_ms: 1000
                    port: /dev/ttyUSB0
                """);
        Path trace = dir.resolve("rec.bdf.csv");
        CliRun r = CliRun.of(
                "acquire", "--board", board.toString(), "--duration", "2.5", "--record", trace.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.lines().getLast());
        // 25 frames at 100 ms; a busy machine may skip a few (the loop skips ahead rather than bursting).
        assertThat(out.get("frames").asLong()).isBetween(15L, 27L);
        assertThat(out.get("devices").get("shunt").get("samples").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(out.get("devices").get("shunt").get("failures").asLong()).isZero();
        // The emulated cells replay the bundled US06 trace: the shunt reads its current.
        assertThat(out.get("last_frame").get("shunt current").get("quality").asText())
                .isEqualTo("ok");
        assertThat(Math.abs(
                        out.get("last_frame").get("shunt current").get("value").asDouble()))
                .isLessThan(20);
        try (BdfReader reader = BdfReader.open(trace, "Test Time / s", "Current / A", "Shunt current / A")) {
            long rows = 0;
            while (reader.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(out.get("recorded_frames").asLong());
        }
    }

    /** SIGTERM ends a recording like --duration does: committed, readable, no partial file left behind. */
    @Test
    void sigtermCommitsTheRecording() throws Exception {
        Path trace = dir.resolve("rec.bdf.csv.gz");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        HealBms.class.getName(),
                        "acquire",
                        "--duration",
                        "120",
                        "--record",
                        trace.toString(),
                        "--json")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !recording()) {
            Thread.sleep(50);
        }
        Thread.sleep(2000); // some frames (they stay in the writer's buffer until the commit)
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        JsonNode summary =
                new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        long recorded = summary.get("recorded_frames").asLong();
        assertThat(recorded).isPositive();
        try (BdfReader reader = BdfReader.open(trace, "Test Time / s")) {
            long rows = 0;
            while (reader.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(recorded);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("rec.bdf.csv.gz", "out.log");
        }
    }

    private boolean recording() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".partial"));
        }
    }

    /** The bundled board: every kind of chip, each behind its emulator, read through its real driver. */
    @Test
    void theBundledBoardReadsEveryDevice() throws Exception {
        CliRun r = CliRun.of("acquire", "--duration", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.lines().getLast());
        for (String device : List.of("cellmon", "current", "temperatures", "strain", "fbg", "shunt")) {
            assertThat(out.get("devices").get(device).get("failures").asLong())
                    .as(device)
                    .isZero();
            assertThat(out.get("devices").get(device).get("samples").asLong())
                    .as(device)
                    .isPositive();
        }
        JsonNode last = out.get("last_frame");
        // The emulated cells replay the bundled US06 trace, which starts full at about 4.17 V.
        assertThat(last.get("cell 1 voltage").get("value").asDouble()).isBetween(4.1, 4.2);
        assertThat(last.get("cell 4 voltage").get("value").asDouble())
                .isLessThan(last.get("cell 1 voltage").get("value").asDouble());
        assertThat(last.get("cell 1 surface").get("value").asDouble()).isBetween(20.0, 30.0);
        assertThat(last.get("cell 2 fbg reference").get("value").asDouble()).isBetween(1549.9, 1550.1);
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) last::fields) {
            assertThat(field.getValue().get("quality").asText())
                    .as(field.getKey())
                    .isEqualTo("ok");
        }
    }

    @Test
    void aBadBoardFileIsRefusedWithItsLineAndNothingRuns() throws Exception {
        Path board = dir.resolve("bad.board.yaml");
        Files.writeString(board, "format: healbms-board\nname: x\ncells: 0\ntick_ms: 5\ndevices: []\n");
        CliRun r = CliRun.of(
                "acquire",
                "--board",
                board.toString(),
                "--record",
                dir.resolve("never.bdf.csv").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.board.yaml").contains("line 4: tick_ms: 5 is outside 10 .. 10000");
        assertThat(dir.resolve("never.bdf.csv")).doesNotExist();
    }
}
