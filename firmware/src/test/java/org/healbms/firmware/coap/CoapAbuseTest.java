package org.healbms.firmware.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/coap-abuse.sh in seconds: a real server on loopback, flooded with unauthenticated PUTs
 * from twenty sockets of one address, with garbage, and with GETs from many addresses, while a
 * client on another loopback address (127.0.0.2) asks for /pack every 200 ms.
 *
 * <p>What is asserted is what the server does (every probe answered 2.05, the bounds, the tallies),
 * never how fast a shared machine runs it: the probe gives an answer {@link #PROBE_TIMEOUT} (a second
 * was less than a JVM under load 29 on 2 cores took for an idle GET), each wait for the server is for
 * a condition with a generous bound, and the latency figure is scripts/coap-abuse.sh's to measure.
 */
class CoapAbuseTest {

    /**
     * The probe's and the raw sockets' bound on an answer: long, as it only bounds a failing run. Ten
     * seconds let a CON GET go out five times (300 ms doubling): on a loaded machine the server cannot
     * keep up with 20 000 datagrams/s, its socket buffer is full for the flood's 3 s, and the kernel
     * drops whatever arrives, the probe's GET among them, before any program sees it.
     */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** The bound on waiting for the server to have handled what was sent. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private AuditLog audit;
    private TelemetryServer server;
    private InetSocketAddress target;
    private final List<String> probeFailures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean probing = new AtomicBoolean(true);
    private Thread probe;
    private int probes;

    private static final TelemetrySnapshot SNAPSHOT = new TelemetrySnapshot(
            1,
            1_764_000_000_000L,
            "normal",
            1.0,
            5.0,
            List.of(),
            List.of(new TelemetrySnapshot.Cell(1, 3.7, 25, 0.5, 0.01, 1.0, 1.0, false, Double.NaN, Double.NaN)),
            List.of(),
            List.of(),
            List.of(),
            List.of());

    /** The firmware side: the real audit log, refusals written to it as the firmware does. */
    private final class Side extends ScriptedFirmware {
        Side() {
            super(() -> SNAPSHOT, audit);
        }

        @Override
        public CompletableFuture<List<String>> setHealingMode(String mode, Requester by) {
            throw new AssertionError("an unauthenticated write reached the firmware");
        }

        @Override
        public CompletableFuture<List<String>> acknowledgeFault(String fault, Requester by) {
            throw new AssertionError("an unauthenticated write reached the firmware");
        }

        @Override
        public CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by) {
            throw new AssertionError("an unauthenticated write reached the firmware");
        }

        @Override
        public void refused(String what) {
            try {
                audit.append("refused over CoAP: " + what);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        audit = new AuditLog(dir.resolve("audit.log"));
        server = new TelemetryServer(
                        new Side(),
                        new InetSocketAddress("127.0.0.1", 0),
                        null,
                        List.of(),
                        AccessPolicy.loopbackReadsOnly(),
                        1,
                        100)
                .summaryPeriod(1);
        server.start();
        target = new InetSocketAddress("127.0.0.1", server.port());
        probe = Thread.ofPlatform().name("probe").start(this::probeLoop);
    }

    @AfterEach
    void stop() throws Exception {
        probing.set(false);
        probe.join(3000);
        server.close();
        audit.close();
    }

    /** GET /pack from 127.0.0.2 every 200 ms; anything but a 2.05 within {@link #PROBE_TIMEOUT} is a failure. */
    private void probeLoop() {
        CoapClient c = new CoapClient("coap://127.0.0.1:" + server.port() + "/pack");
        // Retransmits after 300 ms (CoAP's default is 2 s): a flood that outruns the receiving thread
        // makes the kernel drop some datagrams of every sender before any program sees them.
        var config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.ACK_TIMEOUT, 300, TimeUnit.MILLISECONDS);
        config.set(CoapConfig.ACK_INIT_RANDOM, 1.0f);
        c.setEndpoint(new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.2", 0))
                .build());
        c.setTimeout(PROBE_TIMEOUT.toMillis());
        try {
            while (probing.get()) {
                long t0 = System.nanoTime();
                CoapResponse r;
                try {
                    r = c.get();
                } catch (Exception e) {
                    r = null;
                }
                probes++;
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (r == null || r.getCode() != ResponseCode.CONTENT || ms > PROBE_TIMEOUT.toMillis()) {
                    probeFailures.add((r == null ? "no answer" : r.getCode().toString()) + " after " + ms + " ms");
                }
                Thread.sleep(Math.max(0, 200 - ms));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.shutdown();
        }
    }

    /** An unauthenticated CON PUT /healing/mode "off". */
    private static byte[] put(int mid) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 0x44).put((byte) 0x03).putShort((short) mid).putInt(mid);
        b.put((byte) 0xB7).put("healing".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 0x04).put("mode".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 0xFF).put("off".getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(b.array(), b.position());
    }

    private long auditBytes() throws Exception {
        audit.flush();
        long n = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                n += Files.size(p);
            }
        }
        return n;
    }

    @Test
    void aPutFloodFromTwentySocketsIsOneAddressCountedNotLoggedAndPackStillAnswers() throws Exception {
        Thread.sleep(500);
        long before = auditBytes();
        List<DatagramSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sockets.add(new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
        }
        long sent = 0;
        long t0 = System.nanoTime();
        double seconds = 3;
        // 20 000 datagrams/s (400 times the address's rate): enough to show the bounds, paced so that
        // a shared CI machine is not what is measured.
        while (System.nanoTime() - t0 < seconds * 1e9) {
            for (DatagramSocket s : sockets) {
                byte[] m = put((int) sent);
                s.send(new DatagramPacket(m, m.length, target));
                sent++;
            }
            long ahead = t0 + (long) (sent / 20_000.0 * 1e9) - System.nanoTime();
            if (ahead > 0) {
                LockSupport.parkNanos(ahead);
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        sockets.forEach(DatagramSocket::close);
        // The probe asks on after the flood, the server works off what its socket still holds (a loaded
        // machine reads slower than the flood came), its counts stop moving, and a summary (one a
        // second) comes that covers every refusal.
        long settleDeadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        Thread.sleep(1500);
        long handled = -1;
        while ((udpSocket(server.port())[0] > 0
                        || handled != server.refusedWrites() + server.shed()
                        || summarisedRefusals() != server.refusedWrites()
                        || probes <= 15)
                && System.nanoTime() < settleDeadline) {
            handled = server.refusedWrites() + server.shed();
            Thread.sleep(500);
        }
        double settled = (System.nanoTime() - t0) / 1e9;
        long grown = auditBytes() - before;

        StringBuilder why = new StringBuilder();
        for (RefusalTally.Kind k : RefusalTally.Kind.values()) {
            why.append(k).append('=').append(server.tally().total(k)).append(' ');
        }
        assertThat(probeFailures)
                .as("GET /pack from another address during and after the flood; %s", why)
                .isEmpty();
        assertThat(probes).isGreaterThan(15);
        long refused = server.refusedWrites();
        // One address, however many ports: its 50 requests/s (burst 100) pass to the 4.01, not 20 times that
        // (over the time from the flood's start until the server had handled all of it).
        assertThat(refused)
                .isPositive()
                .isLessThanOrEqualTo(Math.round(CoapLimits.ADDRESS_RATE_PER_S * settled + CoapLimits.ADDRESS_BURST));
        // The rest turned away: by the server's gates (4.29 or dropped), or by the kernel before them when
        // the server's socket buffer is full (a loaded machine reads slower than 20 000 datagrams/s).
        long kernelDrops = udpSocket(server.port())[1];
        assertThat(server.shed() + kernelDrops)
                .as("the rest turned away (4.29, dropped by the server, %d by the kernel)", kernelDrops)
                .isGreaterThan(sent / 2);
        // Counted, not logged one by one: a few summary lines of a few hundred bytes for thousands of datagrams.
        List<AuditLog.Entry> summaries = summaries();
        assertThat(summaries).hasSizeBetween(1, (int) Math.ceil(settled) + 2);
        for (AuditLog.Entry e : summaries) {
            var m = REFUSED_WRITES.matcher(e.text());
            if (m.find()) {
                assertThat(m.group(2)).isEqualTo(m.group(1));
            }
        }
        assertThat(summarisedRefusals()).isEqualTo(refused);
        assertThat(grown).as("audit bytes for %d datagrams", sent).isLessThan(4000);
        System.out.printf(
                "coap abuse: %d PUTs from 20 sockets in %.1f s (%.0f/s): %d answered 4.01, %d shed (server or kernel); "
                        + "audit +%d bytes; probe %d/%d answered%n",
                sent,
                elapsed,
                sent / elapsed,
                refused,
                server.shed() + kernelDrops,
                grown,
                probes - probeFailures.size(),
                probes);
    }

    private static final Pattern REFUSED_WRITES =
            Pattern.compile("(\\d+) unauthenticated writes answered 4.01 \\((\\d+) from 127\\.0\\.0\\.1\\)");

    /**
     * The UDP socket on loopback {@code port} as the kernel sees it: the bytes waiting in its receive
     * queue, and the datagrams dropped because that queue was full (its line in /proc/net/udp, or in
     * udp6 where the JVM opened a dual-stack socket: 127.0.0.1 as ::ffff:127.0.0.1); zeros where
     * there is no such file.
     */
    private static long[] udpSocket(int port) throws IOException {
        String local = "0100007F:%04X".formatted(port);
        for (String name : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path table = Path.of(name);
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 12 && f[1].endsWith(local)) {
                    long queued = Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
                    return new long[] {queued, Long.parseLong(f[f.length - 1])};
                }
            }
        }
        return new long[2];
    }

    /** The server's summary lines in the audit log. */
    private List<AuditLog.Entry> summaries() {
        return audit.page(0, 100).stream()
                .filter(e -> e.text().startsWith("refused over CoAP: in the last"))
                .toList();
    }

    /** The unauthenticated writes the summaries so far account for. */
    private long summarisedRefusals() {
        long summed = 0;
        for (AuditLog.Entry e : summaries()) {
            var m = REFUSED_WRITES.matcher(e.text());
            if (m.find()) {
                summed += Long.parseLong(m.group(1));
            }
        }
        return summed;
    }

    @Test
    void garbageAndAGetStormFromManyAddressesLeaveThePackAnswering() throws Exception {
        Random rnd = new Random(19);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 1000; i++) {
                byte[] junk = new byte[rnd.nextInt(1, 1400)];
                rnd.nextBytes(junk);
                if (i % 3 == 0) {
                    junk[0] = (byte) (0x40 | (junk[0] & 0x3F)); // version 1: gets as far as the CoAP parser
                }
                s.send(new DatagramPacket(junk, junk.length, target));
            }
        }
        // 60 clients, each its own address 127.0.3.N, 10 GETs of /pack one after another (retransmitted
        // after 300 ms without an answer, then 600, 1200 and 2400 ms: CoAP's doubling back-off).
        List<Thread> clients = new ArrayList<>();
        List<Integer> answered = new CopyOnWriteArrayList<>();
        for (int n = 1; n <= 60; n++) {
            InetAddress source = InetAddress.getByName("127.0.3." + n);
            clients.add(Thread.ofPlatform().start(() -> {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
                    byte[] in = new byte[2048];
                    for (int k = 0; k < 10; k++) {
                        byte[] get = {0x44, 0x01, 0, (byte) k, 1, 2, 3, (byte) k, (byte) 0xB4, 'p', 'a', 'c', 'k'};
                        int code = -1;
                        for (int attempt = 0; attempt < 4 && code < 0; attempt++) { // a CON is retransmitted
                            s.setSoTimeout(300 << attempt);
                            s.send(new DatagramPacket(get, get.length, target));
                            DatagramPacket p = new DatagramPacket(in, in.length);
                            try {
                                s.receive(p);
                                code = in[1] & 0xFF;
                            } catch (SocketTimeoutException e) {
                                // once more
                            }
                        }
                        answered.add(code);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        assertThat(probeFailures).isEmpty();
        // Each address is well under its rate: all of them answered 2.05 (code 0x45).
        assertThat(answered).hasSize(600).allSatisfy(code -> assertThat(code).isEqualTo(0x45));
    }

    /** 64 observations per address, however many ports: the 65th GET with Observe is served as a plain GET. */
    @Test
    void anAddressMayObserveSixtyFourTimes() throws Exception {
        InetAddress source = InetAddress.getByName("127.0.0.5");
        List<Boolean> observed = new ArrayList<>();
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int k = 0; k < CoapLimits.OBSERVES_PER_ADDRESS + 2; k++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0));
                sockets.add(s);
                s.setSoTimeout(2000);
                // CON GET, token 4 bytes, Observe (6) = 0 (empty), Uri-Path (11) "pack"
                byte[] get = {0x44, 0x01, 0, (byte) k, 9, 9, 9, (byte) k, 0x60, 0x54, 'p', 'a', 'c', 'k'};
                s.send(new DatagramPacket(get, get.length, target));
                byte[] in = new byte[2048];
                s.receive(new DatagramPacket(in, in.length));
                assertThat(in[1] & 0xFF).isEqualTo(0x45);
                observed.add((in[8] & 0xF0) == 0x60); // the first option after the 4-byte token: Observe?
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
        assertThat(observed.subList(0, CoapLimits.OBSERVES_PER_ADDRESS)).containsOnly(true);
        assertThat(observed.subList(CoapLimits.OBSERVES_PER_ADDRESS, observed.size()))
                .containsExactly(false, false);
    }

    /** Live heap above 70 %: 5.03 with Max-Age 5 s; above 85 %: dropped unread; below again: served. */
    @Test
    void aShortHeapIsAnswered503WithMaxAgeAndACriticalOneGetsNothing() throws Exception {
        probing.set(false);
        probe.join(3000);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.6", 0))) {
            s.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            server.heapSignal(() -> 0.75);
            byte[] answer = get(s, 1);
            assertThat(answer).as("an answer to GET 1").isNotNull();
            assertThat(answer[1] & 0xFF).as("5.03").isEqualTo(0xA3);
            assertThat(options(answer).get(14)).as("Max-Age").containsExactly(5);
            server.heapSignal(() -> 0.90);
            s.setSoTimeout(1000);
            assertThat(get(s, 2)).as("dropped unread").isNull();
            // The heap may only look healthy again once the server has seen (and dropped) GET 2.
            long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            while (server.tally().total(RefusalTally.Kind.DROPPED_HEAP) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.heapSignal(() -> 0.10);
            s.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            answer = get(s, 3);
            assertThat(answer).as("an answer to GET 3").isNotNull();
            assertThat(answer[1] & 0xFF).as("2.05").isEqualTo(0x45);
        }
        assertThat(server.tally().total(RefusalTally.Kind.HEAP)).isEqualTo(1);
        assertThat(server.tally().total(RefusalTally.Kind.DROPPED_HEAP)).isEqualTo(1);
    }

    /** A CON GET /pack with a 4-byte token; the answer, or null after the socket's timeout. */
    private byte[] get(DatagramSocket s, int mid) throws Exception {
        byte[] get = {0x44, 0x01, 0, (byte) mid, 7, 7, 7, (byte) mid, (byte) 0xB4, 'p', 'a', 'c', 'k'};
        s.send(new DatagramPacket(get, get.length, target));
        byte[] in = new byte[2048];
        DatagramPacket p = new DatagramPacket(in, in.length);
        try {
            s.receive(p);
            return Arrays.copyOf(in, p.getLength());
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** A CoAP message's options by number (values as unsigned bytes). */
    private static Map<Integer, List<Integer>> options(byte[] m) {
        Map<Integer, List<Integer>> out = new HashMap<>();
        int i = 4 + (m[0] & 0x0F);
        int number = 0;
        while (i < m.length && (m[i] & 0xFF) != 0xFF) {
            int delta = (m[i] & 0xFF) >> 4;
            int length = m[i] & 0x0F;
            i++;
            if (delta == 13) {
                delta = 13 + (m[i++] & 0xFF);
            } else if (delta == 14) {
                delta = 269 + ((m[i++] & 0xFF) << 8 | (m[i++] & 0xFF));
            }
            if (length == 13) {
                length = 13 + (m[i++] & 0xFF);
            } else if (length == 14) {
                length = 269 + ((m[i++] & 0xFF) << 8 | (m[i++] & 0xFF));
            }
            number += delta;
            List<Integer> value = new ArrayList<>();
            for (int k = 0; k < length; k++) {
                value.add(m[i + k] & 0xFF);
            }
            out.put(number, value);
            i += length;
        }
        return out;
    }
}
