package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code healbms run --json} in its own JVM, stopped by SIGTERM as systemd stops it: the state
 * machine opens the contactors, the state is saved, the summary is printed (defect 7 of issue 19:
 * it was not), and the process exits 0 within 5 s.
 */
class RunSigtermTest {

    @TempDir
    Path dir;

    @Test
    void sigtermStopsThroughTheStateMachineAndPrintsTheSummary() throws Exception {
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(config, """
                format: healbms-firmware
                format_version: 1
                state_dir: state
                coap: {bind: 127.0.0.1, port: 0}
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        HealBms.class.getName(),
                        "run",
                        "--config",
                        config.toString(),
                        "--json")
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(dir.resolve("stderr")).contains("CoAP telemetry on")
                    && System.nanoTime() < deadline) {
                assertThat(p.isAlive())
                        .as(Files.readString(dir.resolve("stderr")))
                        .isTrue();
                Thread.sleep(100);
            }
            Thread.sleep(1500); // a few ticks: the contactors close
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(5, TimeUnit.SECONDS))
                    .as("ended within 5 s of SIGTERM")
                    .isTrue();
            System.out.printf("run: SIGTERM to exit %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(p.exitValue())
                    .as(Files.readString(dir.resolve("stderr")))
                    .isZero();
            List<String> out = Files.readAllLines(dir.resolve("stdout"));
            JsonNode summary = new ObjectMapper().readTree(out.getLast());
            assertThat(summary.get("state").asText()).isEqualTo("shutdown");
            assertThat(summary.get("ticks").asLong()).isPositive();
            String audit = Files.readString(dir.resolve("state/audit.log"));
            assertThat(audit).contains("-> SHUTDOWN").contains("stopped: state saved, contactors open");
        } finally {
            p.destroyForcibly();
        }
    }
}
