package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.healbms.firmware.coap.AccessPolicy;
import org.healbms.firmware.coap.ScriptedFirmware;
import org.healbms.firmware.coap.TelemetryServer;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.telemetry.Requester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code healbms coap post} over DTLS against the firmware's real CoAP server on loopback: the bench's way to
 * ask for a sweep, whose answer's code decides the exit code.
 */
class CoapSweepPostTest {

    private static final byte[] WRITE_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private final List<Integer> sweepsRequested = new CopyOnWriteArrayList<>();
    /** How the firmware side answers a sweep request for cell 1. */
    private volatile SweepAnswer cellOneSweep = new SweepAnswer(SweepAnswer.Status.STARTED, "sweep of cell 1 started");

    private TelemetryServer server;

    /** The firmware side: only sweep requests matter here. */
    private final class Side extends ScriptedFirmware {
        Side() {
            super(() -> null, null);
        }

        @Override
        public CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by) {
            sweepsRequested.add(cell);
            return CompletableFuture.completedFuture(cellOneSweep);
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new TelemetryServer(
                new Side(),
                new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0),
                List.of(new AccessPolicy.Key("bench", WRITE_KEY, AccessPolicy.Role.WRITE)),
                new AccessPolicy(Map.of("bench", AccessPolicy.Role.WRITE), true),
                2,
                50);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void theCommandLinePostsASweepRequestOverDtls() throws Exception {
        String uri = "coaps://127.0.0.1:" + server.securePort() + "/cells/1/eis";
        String key = HexFormat.of().formatHex(WRITE_KEY);
        String[] started = postFromCommandLine(uri, "--identity", "bench", "--key-hex", key);
        assertThat(started[0]).isEqualTo("0");
        assertThat(started[1]).startsWith("2.04").contains("sweep of cell 1 started");
        cellOneSweep = new SweepAnswer(SweepAnswer.Status.NOT_AT_REST, "cell 1 is not at rest");
        String[] refused = postFromCommandLine(uri, "--identity", "bench", "--key-hex", key);
        assertThat(refused[0]).isEqualTo("1");
        assertThat(refused[1]).startsWith("4.09").contains("not at rest");
        assertThat(sweepsRequested).containsExactly(1, 1);
    }

    /** Runs {@code healbms coap post URI ARGS...}; returns its exit code and what it printed. */
    private static String[] postFromCommandLine(String uri, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 3];
            all[0] = "coap";
            all[1] = "post";
            all[2] = uri;
            System.arraycopy(args, 0, all, 3, args.length);
            int code = HealBms.commandLine().execute(all);
            return new String[] {
                Integer.toString(code), out.toString(StandardCharsets.UTF_8).trim()
            };
        } finally {
            System.setOut(old);
        }
    }
}
