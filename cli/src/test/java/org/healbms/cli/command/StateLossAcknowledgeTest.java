package org.healbms.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.healbms.core.protection.FaultId;
import org.healbms.firmware.runtime.Firmware;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.firmware.telemetry.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STATE_LOST in the running firmware (the bundled emulated board, on the wall clock): latched with
 * no healing budget until an operator acknowledges it, as {@code POST /faults/ack} does; then it
 * clears and the configured budget is back.
 */
class StateLossAcknowledgeTest {

    @TempDir
    Path dir;

    @Test
    void anAcknowledgementClearsItAndReleasesTheHealingBudget() throws Exception {
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(config, "format: healbms-firmware\nformat_version: 1\nstate_dir: state\n");
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("state.a"), "garbage\n");
        Files.writeString(state.resolve("state.b"), "more garbage\n");
        FirmwareSetup setup = RunCommand.setup(config, Files.createDirectories(dir.resolve("scratch")), null);
        StringWriter err = new StringWriter();
        try (Firmware firmware = new Firmware(
                setup.config(),
                setup.board(),
                setup.cell(),
                setup.plant(),
                setup.rules(),
                new PrintWriter(err, true))) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    firmware.run(Duration.ofSeconds(60));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            await(() -> firmware.activeFaults().containsKey(FaultId.STATE_LOST));
            assertThat(firmware.healing().budgetRemaining(1)).isZero();
            Thread.sleep(300); // latched: it stays however long nobody acknowledges it
            assertThat(firmware.activeFaults()).containsKey(FaultId.STATE_LOST);
            assertThat(firmware.healing().budgetRemaining(1)).isZero();

            Requester operator = new Requester("bench", new InetSocketAddress("127.0.0.1", 40123));
            // Answered by the control tick that carried it out.
            assertThat(firmware.acknowledgeFault("state_lost", operator).get(5, TimeUnit.SECONDS))
                    .isEmpty();
            await(() -> !firmware.activeFaults().containsKey(FaultId.STATE_LOST));
            await(() -> firmware.healing().budgetRemaining(1) == 1.0);
            firmware.requestShutdown();
            running.get();
        }
        assertThat(err.toString()).contains("saved state lost");
        String audit = Files.readString(state.resolve("audit.log"));
        assertThat(audit)
                .contains(
                        "fault raised STATE_LOST (DERATE)",
                        "fault STATE_LOST acknowledged by identity bench from 127.0.0.1:40123",
                        "fault cleared STATE_LOST (DERATE): recovered and acknowledged",
                        "healing budget released: 10.0 doses per cell, as configured");
        assertThat(audit.indexOf("healing budget released")).isGreaterThan(audit.indexOf("acknowledged by"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
