package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.healbms.core.thermal.CoreThermalModel;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.io.cell.ThermalModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firmware on an emulated 4-cell board (LTC6811 chain and a SmartShunt), on the wall clock. */
class RunCommandTest {

    /** How long a run in its own process is given to start, or to stop after SIGTERM. */
    private static final Duration PROCESS_WAIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return EmulatedBench.config(dir, "");
    }

    @Test
    void runsThroughPrechargeSavesItsStateAndRestoresItNextTime() throws Exception {
        Path config = config();
        CliRun first = CliRun.of("run", "--config", config.toString(), "--duration", "3", "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(first.lines().getLast());
        // 30 ticks at 100 ms; a busy CI machine may skip a few (the loop skips ahead rather than bursting).
        assertThat(out.get("ticks").asLong()).isBetween(18L, 32L);
        assertThat(out.get("state").asText()).isEqualTo("shutdown");
        List<String> transitions = new ObjectMapper().convertValue(out.get("transitions"), List.class);
        assertThat(transitions).startsWith("standby->precharge", "precharge->normal");
        // NORMAL to the end, or DERATED where a loaded machine made the loop overrun.
        assertThat(transitions.getLast()).isIn("normal->shutdown", "derated->shutdown");
        // Every cell has its thermistor on this board: nothing is missing a measurement.
        assertThat(out.get("active_faults").toString()).doesNotContain("measurement");
        assertThat(out.get("cells")).hasSize(4);
        assertThat(out.get("cells").get(0).get("core_temperature_degc").isNull())
                .as("no thermal_model")
                .isTrue();
        List<String> audit = Files.readAllLines(dir.resolve("state/audit.log"));
        assertThat(String.join("\n", audit))
                .contains(
                        "state STANDBY -> PRECHARGE",
                        "state PRECHARGE -> NORMAL",
                        "-> SHUTDOWN: ",
                        "stopped: state saved, contactors open");

        CliRun second = CliRun.of("run", "--config", config.toString(), "--duration", "1");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("restored state");
    }

    /** With a thermal model, every cell of the bundled emulated board reports a virtual core temperature. */
    @Test
    void aThermalModelGivesEveryCellACoreTemperature() throws Exception {
        ThermalModelFile.write(
                dir.resolve("cell.thermal.json"),
                new CoreThermalModel(new TwoNodeThermalModel(40, 7.6, 2.0, 6.7), 0.03, 0.2),
                null);
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(
                config,
                "format: healbms-firmware\nformat_version: 1\nstate_dir: state\n"
                        + "thermal_model: cell.thermal.json\n");
        CliRun r = CliRun.of("run", "--config", config.toString(), "--duration", "3", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("core ").contains("degC +- ");
        JsonNode cells = new ObjectMapper().readTree(r.lines().getLast()).get("cells");
        assertThat(cells).hasSize(4).allSatisfy(c -> {
            // The bundled trace starts at rest near 25 degC: the core is where the can is, within a kelvin or two.
            assertThat(c.get("core_temperature_degc").asDouble()).isBetween(20.0, 30.0);
            assertThat(c.get("core_temperature_sigma_k").asDouble()).isBetween(0.0, 2.0);
        });
    }

    /** {@code healbms run --config config} in a process of its own, its output in out.log. */
    private Process startRun(Path config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        HealBms.class.getName(),
                        "run",
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
    }

    /**
     * Waits until the audit log of {@code run} (its own process) holds {@code text}. Bounded generously:
     * a JVM starting on a loaded machine (load 26 on 2 cores) took over 30 s to write its first record.
     */
    private void awaitAudit(Process run, String text) throws Exception {
        Path audit = dir.resolve("state/audit.log");
        long deadline = System.nanoTime() + PROCESS_WAIT.toNanos();
        while (!(Files.exists(audit) && Files.readString(audit).contains(text))) {
            assertThat(run.isAlive())
                    .as("the run exited before '%s': %s", text, Files.readString(dir.resolve("out.log")))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as(
                            "no '%s' in the audit log after %s: %s",
                            text, PROCESS_WAIT, Files.readString(dir.resolve("out.log")))
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** SIGTERM: the contactors open through the state machine and the state is saved before exit. */
    @Test
    void sigtermStopsGracefully() throws Exception {
        Path config = config();
        Process p = startRun(config);
        Path audit = dir.resolve("state/audit.log");
        awaitAudit(p, "PRECHARGE -> NORMAL");
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(PROCESS_WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(audit);
        assertThat(log).contains("-> SHUTDOWN: shutdown requested").contains("stopped: state saved, contactors open");
        assertThat(Files.exists(dir.resolve("state/state.a"))).isTrue();
    }

    /**
     * One firmware per state directory: while one {@code healbms run} (its own process) holds it, a
     * second is refused, naming the directory and the holder, and writes nothing to its audit log.
     */
    @Test
    void aSecondRunOnTheSameStateDirectoryIsRefused() throws Exception {
        Path config = config();
        Process first = startRun(config);
        try {
            Path audit = dir.resolve("state/audit.log");
            awaitAudit(first, "started");
            String before = Files.readString(audit);

            CliRun second = CliRun.of("run", "--config", config.toString(), "--duration", "1");
            assertThat(second.exitCode()).as(second.err()).isEqualTo(2);
            assertThat(second.err())
                    .contains(
                            "state directory " + dir.resolve("state"),
                            "in use by another healbms run",
                            "(process " + first.pid() + ")");
            assertThat(Files.readString(audit))
                    .as("the second run wrote nothing")
                    .startsWith(before)
                    .containsOnlyOnce("started: board");
        } finally {
            first.destroy(); // SIGTERM: it stops through the state machine
            assertThat(first.waitFor(PROCESS_WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
        }
        // Its lock went with its process: the directory is free again.
        CliRun after = CliRun.of("run", "--config", config.toString(), "--duration", "1");
        assertThat(after.exitCode()).as(after.err()).isZero();
    }

    /** A CoAP port another program holds is named, and the run stops before it restores or audits anything. */
    @Test
    void aTakenCoapPortIsNamedBeforeTheStateIsTouched() throws Exception {
        config();
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = squatter.getLocalPort();
            Path config = dir.resolve("coap.yaml");
            Files.writeString(
                    config,
                    "format: healbms-firmware\nformat_version: 1\nboard: board.yaml\nstate_dir: state\n"
                            + "coap: {bind: 127.0.0.1, port: " + port + "}\n");
            CliRun r = CliRun.of("run", "--config", config.toString(), "--duration", "1");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err())
                    .contains("healbms run: CoAP cannot bind UDP port " + port + " on 127.0.0.1")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
            assertThat(dir.resolve("state/audit.log")).doesNotExist();
            assertThat(dir.resolve("state/state.a")).doesNotExist();
        }
    }
}
