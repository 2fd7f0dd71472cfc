package org.healbms.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.Severity;
import org.healbms.firmware.runtime.Firmware;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.sim.device.can.EmulatedCanBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CAN fault in the running firmware (the bundled emulated board): a shorted bus puts its node
 * bus-off, which becomes INVERTER_LINK (derate) while the firmware runs on, and clears once the node
 * has been restarted on a healthy bus.
 */
class CanLinkFaultTest {

    @TempDir
    Path dir;

    @Test
    void aShortedBusIsADiagnosisNotAStopAndClearsWhenTheBusIsBack() throws Exception {
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(config, "format: healbms-firmware\nformat_version: 1\nstate_dir: state\n");
        FirmwareSetup setup = RunCommand.setup(config, Files.createDirectories(dir.resolve("scratch")), null);
        EmulatedCanBus bus = EmulatedCanBus.named(setup.board().can().iface());
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
            try {
                Thread.sleep(1500);
                bus.shortCircuit(true);
                await(() -> firmware.activeFaults().get(FaultId.INVERTER_LINK) == Severity.DERATE);
                assertThat(running).isNotDone();
            } finally {
                bus.shortCircuit(false);
            }
            await(() -> !firmware.activeFaults().containsKey(FaultId.INVERTER_LINK));
            firmware.requestShutdown();
            running.get();
        }
        assertThat(err.toString())
                .contains("can0: inverter link lost (bus off)", "can0: CAN node restarted", "can0: inverter link back");
        String audit = Files.readString(dir.resolve("state").resolve("audit.log"));
        assertThat(audit).contains("fault raised INVERTER_LINK (DERATE)", "fault cleared INVERTER_LINK (DERATE)");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
