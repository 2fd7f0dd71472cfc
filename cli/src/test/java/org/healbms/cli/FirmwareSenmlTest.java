package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.healbms.firmware.coap.SenmlRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code healbms run} on the bundled emulated board serves RFC 8428 SenML on every resource its
 * discovery lists: the board's own channel names ({@code cell 1 voltage}), its impedance front end
 * before any sweep, no thermal model (core temperatures unknown), no signature yet.
 */
class FirmwareSenmlTest {

    @TempDir
    Path dir;

    @Test
    void everyResourceOfTheRunningFirmwareIsValidSenml() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(
                config,
                "format: healbms-firmware\nformat_version: 1\nstate_dir: state\n" + "coap: {bind: 127.0.0.1, port: "
                        + port + "}\n");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                () -> CliRun.of("run", "--config", config.toString(), "--duration", "10"));
        String base = "coap://127.0.0.1:" + port + "/";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean serving = false;
        while (!serving && System.nanoTime() < deadline && !run.isDone()) {
            CoapClient c = new CoapClient(base + "pack");
            c.setTimeout(500L);
            try {
                CoapResponse r = c.get();
                serving = r != null && r.getCode() == ResponseCode.CONTENT;
            } finally {
                c.shutdown();
            }
            if (!serving) {
                Thread.sleep(200);
            }
        }
        assertThat(serving).as("the firmware serves pack within 30 s").isTrue();

        Map<String, List<Map<String, Object>>> packs = SenmlRules.checkEveryResource(base, false);
        assertThat(packs.keySet())
                .contains(
                        "/pack",
                        "/cells/1",
                        "/cells/4",
                        "/cells/1/impedance",
                        "/signatures",
                        "/readings",
                        "/audit",
                        "/healing/efficacy");
        assertThat(SenmlRules.names(packs.get("/readings")))
                .contains(
                        "urn:dev:healbms:reading:cell_1_voltage",
                        "urn:dev:healbms:reading:cell_1_voltage:quality",
                        "urn:dev:healbms:reading:pack_current");
        assertThat(SenmlRules.names(packs.get("/cells/1"))).doesNotContain("urn:dev:healbms:cell:1:core_temperature");

        CliRun r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.err()).isZero();
    }
}
