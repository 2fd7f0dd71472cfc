package org.healbms.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ProgressBar;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.healbms.firmware.coap.AccessPolicy;
import org.healbms.firmware.coap.TelemetryServer;
import org.healbms.firmware.runtime.Firmware;
import org.healbms.firmware.runtime.FirmwareSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code healbms coap load}: a bounded load run on loopback. The firmware runs on the bundled
 * emulated board with its CoAP server; many observers watch the cells while flooding clients send
 * GETs as fast as they are answered. Reports request throughput, notification latency (receipt
 * time against the snapshot's own time) and the control loop's deadline misses.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Bounded CoAP load test on loopback against the firmware on the bundled emulated board.")
final class CoapLoadCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "20", description = "seconds (default: ${DEFAULT-VALUE})")
    int durationS;

    @Option(names = "--observers", defaultValue = "40", description = "observing clients (default: ${DEFAULT-VALUE})")
    int observers;

    @Option(
            names = "--flooders",
            defaultValue = "4",
            description = "clients sending GETs flat out (default: ${DEFAULT-VALUE})")
    int flooders;

    /**
     * Exit 0 when the control loop kept every deadline under the load; otherwise 1 with the reason on
     * {@code err}: the exit code alone left a script guessing why the run failed.
     */
    static int verdict(LoopStatistics loop, PrintStream err) {
        if (loop.deadlineMisses() == 0) {
            return 0;
        }
        err.printf(
                "healbms coap load: failed: the control loop missed %d deadline(s) under the load"
                        + " (worst lateness %.1f ms of the board's tick); the firmware must keep its tick whatever"
                        + " the network does%n",
                loop.deadlineMisses(), loop.worstLatenessNanos() / 1e6);
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        Path scratch = Files.createTempDirectory("healbms-load");
        FirmwareSetup s = RunCommand.setup(null, scratch, scratch.resolve("state"));
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong served = new AtomicLong();
        AtomicLong limited = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong clientThrottled = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ObjectMapper json = new ObjectMapper();
        try (Firmware firmware = new Firmware(s.config(), s.board(), s.cell(), s.plant(), s.rules(), quiet);
                TelemetryServer coap = new TelemetryServer(
                        firmware,
                        new InetSocketAddress("127.0.0.1", 0),
                        null,
                        List.of(),
                        AccessPolicy.loopbackReadsOnly(),
                        s.board().cells(),
                        100)) {
            coap.start();
            String base = "coap://127.0.0.1:" + coap.port() + "/";
            LoopStatistics[] stats = new LoopStatistics[1];
            Thread loop = Thread.ofPlatform().name("firmware").start(() -> {
                try {
                    stats[0] = firmware.run(Duration.ofSeconds(durationS + 2));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1000);
            List<CoapClient> clients = new ArrayList<>();
            List<CoapObserveRelation> relations = new ArrayList<>();
            for (int i = 0; i < observers; i++) {
                CoapClient c =
                        new CoapClient(base + "cells/" + (1 + i % s.board().cells()));
                clients.add(c);
                relations.add(c.observe(new CoapHandler() {
                    @Override
                    public void onLoad(CoapResponse r) {
                        try {
                            JsonNode pack = json.readTree(r.getResponseText());
                            long bt = (long) (pack.get(0).get("bt").asDouble() * 1000);
                            latencies.add(System.currentTimeMillis() - bt);
                        } catch (Exception e) {
                            other.incrementAndGet();
                        }
                    }

                    @Override
                    public void onError() {
                        other.incrementAndGet();
                    }
                }));
            }
            List<Thread> floods = new ArrayList<>();
            for (int i = 0; i < flooders; i++) {
                floods.add(Thread.ofPlatform().start(() -> {
                    // Its own endpoint (port); the server limits per address, so the flooders share one allowance.
                    CoapClient c = new CoapClient(base + "pack");
                    c.setEndpoint(new CoapEndpoint.Builder().build());
                    c.setTimeout(2000L);
                    while (!stop.get()) {
                        try {
                            CoapResponse r = c.get();
                            if (r == null) {
                                other.incrementAndGet();
                            } else if (r.getCode() == ResponseCode.CONTENT) {
                                served.incrementAndGet();
                            } else if (r.getCode() == ResponseCode.TOO_MANY_REQUESTS) {
                                limited.incrementAndGet();
                            } else {
                                other.incrementAndGet();
                            }
                        } catch (Exception e) {
                            if (String.valueOf(e.getMessage()).contains("message IDs exhausted")) {
                                // The client's own RFC 7252 limit on message IDs in flight: it must wait.
                                clientThrottled.incrementAndGet();
                                LockSupport.parkNanos(1_000_000);
                            } else {
                                other.incrementAndGet();
                            }
                        }
                    }
                    c.shutdown();
                }));
            }
            long start = System.nanoTime();
            try (ProgressBar bar = TerminalProgress.open("coap load", durationS, " s")) {
                for (int second = 0; second < durationS; second++) {
                    Thread.sleep(1000L);
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
            stop.set(true);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Thread t : floods) {
                t.join();
            }
            relations.forEach(CoapObserveRelation::proactiveCancel);
            clients.forEach(CoapClient::shutdown);
            loop.join();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long p50 = sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
            long p99 = sorted.isEmpty()
                    ? -1
                    : sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.99)));
            System.out.printf(
                    "CoAP load on loopback, %d s: %d observers, %d flooding clients%n", durationS, observers, flooders);
            System.out.printf(
                    "  GET /pack answered 2.05: %d (%.0f/s); limited 4.29: %d (%.0f/s); other or lost: %d;"
                            + " client waits for message IDs: %d%n",
                    served.get(),
                    served.get() / seconds,
                    limited.get(),
                    limited.get() / seconds,
                    other.get(),
                    clientThrottled.get());
            System.out.printf(
                    "  notifications: %d, latency p50 %d ms, p99 %d ms (from the snapshot's time)%n",
                    sorted.size(), p50, p99);
            System.out.printf(
                    "  control loop: %d ticks, %d deadline misses (worst lateness %.1f ms)%n",
                    stats[0].ticks(), stats[0].deadlineMisses(), stats[0].worstLatenessNanos() / 1e6);
            return verdict(stats[0], System.err);
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
