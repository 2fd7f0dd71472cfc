package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code healbms coap} client, run as its own process against a real CoAP server on loopback. */
class CoapClientCommandTest {

    @TempDir
    Path dir;

    private CoapServer server;
    private int port;

    @BeforeEach
    void start() {
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        server = new CoapServer(config);
        server.addEndpoint(new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .build());
        server.add(new CoapResource("pack") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond("pack here");
            }
        });
        server.start();
        port = server.getEndpoints().getFirst().getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    /** Discovery answers in link format, which the client asks for by itself; nothing is written where it runs. */
    @Test
    void readsDiscoveryAndLeavesNoFileBehind() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        HealBms.class.getName(),
                        "coap",
                        "get",
                        "coap://127.0.0.1:" + port + "/.well-known/core")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("2.05").contains("</pack>");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("out.log");
        }
    }

    @Test
    void anUnknownAcceptIsRefusedByName() {
        CliRun r = CliRun.of("coap", "get", "coap://127.0.0.1:" + port + "/pack", "--accept", "xml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("healbms coap get: --accept must be json, cbor or link, got 'xml'");
    }
}
