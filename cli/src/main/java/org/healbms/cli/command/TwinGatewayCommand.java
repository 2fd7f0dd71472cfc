package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.healbms.cli.gateway.CoapLink;
import org.healbms.cli.gateway.FrameGateway;
import org.healbms.cli.gateway.PackEndpoint;
import org.healbms.firmware.coap.AccessPolicy;
import org.healbms.firmware.coap.KeyFile;
import org.healbms.twin.topology.TwinTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code healbms twin gateway}: packs' CoAP telemetry to the twin's Kafka topic. */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description = {
            "Observe packs' CoAP frame resources (plain, or DTLS with a key of the firmware's key file) and",
            "produce each notification to the twin's telemetry topic (" + TwinTopics.TELEMETRY + "), keyed by",
            "the pack id. Runs until --duration-s has passed or it is stopped (Ctrl-C, SIGTERM); then prints",
            "per pack the records produced, answers not forwarded and failures (with --json, one JSON object",
            "on the last line of stdout). Exit code 0 when every pack had a record produced, else 1; 2 on bad",
            "input, also when no Kafka broker answers at --bootstrap (one line names the address and what",
            "failed, within 20 s)."
        })
public final class TwinGatewayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--pack",
            required = true,
            paramLabel = "ID=URI",
            description = "a pack and its firmware, e.g. pack-1=coap://127.0.0.1:5683 (path /frame by default);"
                    + " repeat for each pack")
    List<String> packs;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--keys", paramLabel = "FILE", description = "the firmware's CoAP key file (for coaps:// packs)")
    Path keys;

    @Option(names = "--identity", paramLabel = "NAME", description = "the key file's identity to use (read role)")
    String identity;

    @Option(names = "--duration-s", paramLabel = "S", description = "stop after this many seconds (default: run on)")
    Long durationS;

    @Option(names = "--json", description = "print the counts as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<PackEndpoint> endpoints = packs.stream().map(PackEndpoint::parse).toList();
        CoapLink link = link();
        BrokerReach.check(bootstrap);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "healbms-gateway");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Map<String, FrameGateway.Counts> counts;
        try (FrameGateway gateway = new FrameGateway(
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()), TwinTopics.TELEMETRY)) {
            gateway.start(endpoints, link);
            System.err.printf("healbms twin gateway: %d packs to %s%n", endpoints.size(), bootstrap);
            if (durationS == null) {
                stop.await();
            } else {
                stop.await(durationS, TimeUnit.SECONDS);
            }
            gateway.close();
            counts = gateway.counts();
        }
        try {
            print(counts);
        } finally {
            done.countDown();
            if (durationS != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Stopped by a signal after all: the hook is running and waits for this.
                }
            }
        }
        return counts.values().stream().allMatch(c -> c.forwarded() > 0) ? 0 : 1;
    }

    private CoapLink link() throws IOException {
        if (keys == null && identity == null) {
            return CoapLink.PLAIN;
        }
        if (keys == null || identity == null) {
            throw new IllegalArgumentException("--keys and --identity go together");
        }
        for (AccessPolicy.Key k : KeyFile.read(keys).keys()) {
            if (k.identity().equals(identity)) {
                return new CoapLink(k);
            }
        }
        throw new IllegalArgumentException(keys + ": has no key for identity '" + identity + "'");
    }

    private void print(Map<String, FrameGateway.Counts> counts) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode perPack = o.putObject("packs");
        long forwarded = 0;
        for (var e : counts.entrySet()) {
            FrameGateway.Counts c = e.getValue();
            forwarded += c.forwarded();
            System.out.printf(
                    "%s: %d records produced, %d repeats not sent, %d answers not forwarded, %d failures%s%n",
                    e.getKey(),
                    c.forwarded(),
                    c.repeated(),
                    c.refused(),
                    c.failed(),
                    c.lastProblem().isEmpty() ? "" : " (last: " + c.lastProblem() + ")");
            ObjectNode n = perPack.putObject(e.getKey());
            n.put("records", c.forwarded());
            n.put("repeats", c.repeated());
            n.put("not_forwarded", c.refused());
            n.put("failures", c.failed());
            n.put("last_problem", c.lastProblem());
        }
        o.put("records", forwarded);
        if (json) {
            System.out.println(JSON.writeValueAsString(o));
        }
    }
}
