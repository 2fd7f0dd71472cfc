package org.healbms.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.protection.FaultId;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.firmware.coap.AccessPolicy;
import org.healbms.firmware.coap.ScriptedFirmware;
import org.healbms.firmware.coap.TelemetryServer;
import org.healbms.firmware.telemetry.TelemetryFrame;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.twin.local.InProcessTwin;
import org.healbms.twin.pack.PackModel;
import org.healbms.twin.telemetry.TelemetryJson;
import org.healbms.twin.telemetry.TelemetryRecord;
import org.healbms.twin.topology.TwinTopics;
import org.healbms.twin.topology.TwinTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway against the firmware's real CoAP server on loopback, one pack over plain CoAP and one
 * over DTLS with a read key, producing to a MockProducer: every frame the firmware publishes reaches
 * the telemetry topic keyed by its pack, byte for byte the twin's record, and the twin applies them.
 */
class FrameGatewayTest {

    private static final byte[] READ_KEY = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");
    private static final long START_NANOS = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicReference<TelemetryFrame> frame = new AtomicReference<>();
    private TelemetryServer server;

    /** The firmware side: a snapshot and a frame that advance together, as the control tick publishes them. */
    private final class Side extends ScriptedFirmware {
        Side() {
            super(FrameGatewayTest.this::snapshot, null);
        }

        @Override
        public TelemetryFrame frame() {
            return frame.get();
        }
    }

    private TelemetrySnapshot snapshot() {
        TelemetryFrame f = frame.get();
        return f == null
                ? null
                : new TelemetrySnapshot(
                        f.frame().tick(),
                        f.epochNanos() / 1_000_000,
                        "standby",
                        0,
                        0,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of());
    }

    /** Two cells discharging at 1.5 A, cell 2's sensor failed from tick 3 on, and the supervisor's fault for it. */
    private static TelemetryFrame frame(int tick) {
        List<Channel> layout = List.of(
                new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1),
                new Channel("cell 1 surface", ChannelKind.TEMPERATURE, 1),
                new Channel("cell 2 voltage", ChannelKind.CELL_VOLTAGE, 2),
                new Channel("cell 2 surface", ChannelKind.TEMPERATURE, 2),
                new Channel("pack current", ChannelKind.PACK_CURRENT, 0));
        boolean failed = tick >= 3;
        return new TelemetryFrame(
                START_NANOS + tick * 1_000_000_000L + 17,
                new ReadingFrame(
                        tick,
                        tick * 1_000_000_000L,
                        layout,
                        new double[] {3.9 - 0.001 * tick, 25.1, 3.91 - 0.001 * tick, failed ? Double.NaN : 25.3, -1.5},
                        new Quality[] {
                            Quality.OK, Quality.OK, Quality.OK, failed ? Quality.SENSOR_FAULT : Quality.OK, Quality.OK
                        },
                        new long[5]),
                failed ? EnumSet.of(FaultId.TEMPERATURE_MEASUREMENT) : EnumSet.noneOf(FaultId.class));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyFrameReachesTheTelemetryTopicKeyedByItsPackAndTheTwinAppliesIt() throws Exception {
        server = new TelemetryServer(
                new Side(),
                new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0),
                List.of(new AccessPolicy.Key("fleet", READ_KEY, AccessPolicy.Role.READ)),
                new AccessPolicy(Map.of("fleet", AccessPolicy.Role.READ), true),
                2,
                50);
        server.start();
        frame.set(frame(1));
        MockProducer<String, byte[]> producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        FrameGateway gateway = new FrameGateway(producer, TwinTopics.TELEMETRY);
        gateway.start(
                List.of(
                        PackEndpoint.parse("plain=coap://127.0.0.1:" + server.port()),
                        PackEndpoint.parse("secure=coaps://127.0.0.1:" + server.securePort())),
                new CoapLink(new AccessPolicy.Key("fleet", READ_KEY, AccessPolicy.Role.READ)));
        for (int tick = 1; tick <= 4; tick++) {
            frame.set(frame(tick));
            awaitTick(producer, tick);
        }
        gateway.close();

        Map<String, FrameGateway.Counts> counts = gateway.counts();
        assertThat(counts.keySet()).containsExactly("plain", "secure");
        for (String pack : List.of("plain", "secure")) {
            List<TelemetryRecord> records = producer.history().stream()
                    .filter(r -> r.key().equals(pack))
                    .peek(r -> assertThat(r.topic()).isEqualTo(TwinTopics.TELEMETRY))
                    .map(r -> read(r.value()))
                    .toList();
            assertThat(records).extracting(TelemetryRecord::tick).contains(1L, 2L, 3L, 4L);
            assertThat(counts.get(pack).forwarded()).isEqualTo(records.size());
            TelemetryRecord fourth =
                    records.stream().filter(r -> r.tick() == 4).findFirst().orElseThrow();
            assertThat(fourth.timeNanos()).isEqualTo(START_NANOS + 4_000_000_000L + 17);
            assertThat(fourth.cellVoltageV()).containsExactly(3.9 - 0.004, 3.91 - 0.004);
            assertThat(fourth.cellTemperatureQuality()).containsExactly(Quality.OK, Quality.SENSOR_FAULT);
            assertThat(fourth.currentA()).isEqualTo(-1.5);
            assertThat(fourth.protectionFaults()).containsExactly("TEMPERATURE_MEASUREMENT");
        }

        // What the gateway produced is what the twin consumes: every record is applied, none refused
        // (a notification repeated by CoAP would be refused as a repeat, not applied twice).
        CellParameters cell = CellParameterFile.read(bundledCell()).parameters();
        try (InProcessTwin twin = new InProcessTwin(
                TwinTopology.build(
                        id -> new PackModel(cell, 2, 0.9, LifeStoryLimits.of(CellLimits.ncr18650pf())),
                        TwinTopology.StoreKind.IN_MEMORY,
                        1000),
                dir)) {
            long sent = 0;
            for (ProducerRecord<String, byte[]> r : producer.history()) {
                twin.send(r.key(), r.value(), 0);
                sent++;
            }
            assertThat(twin.estimates()).hasSize((int) sent);
            assertThat(twin.deadLetters()).isEmpty();
            // The fault raised at tick 3 is in both packs' life stories once, as the firmware counts it.
            Map<String, JsonNode> stories = new HashMap<>();
            for (var r : twin.lifeStories()) {
                stories.put(r.key(), new ObjectMapper().readTree(r.value()));
            }
            assertThat(stories.keySet()).containsExactlyInAnyOrder("plain", "secure");
            assertThat(stories.values())
                    .allSatisfy(s -> assertThat(s.at("/faults/TEMPERATURE_MEASUREMENT/count")
                                    .asLong())
                            .isEqualTo(1));
        }
    }

    @Test
    void aPackThatRefusesTheReadIsCountedNotForwarded() throws Exception {
        // No plain reads at all: the firmware answers a plain GET 4.01.
        server = new TelemetryServer(
                new Side(),
                new InetSocketAddress("127.0.0.1", 0),
                null,
                List.of(),
                new AccessPolicy(Map.of(), false),
                2,
                50);
        server.start();
        frame.set(frame(1));
        MockProducer<String, byte[]> producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        FrameGateway gateway = new FrameGateway(producer, TwinTopics.TELEMETRY);
        gateway.start(List.of(PackEndpoint.parse("p=coap://127.0.0.1:" + server.port())), CoapLink.PLAIN);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gateway.counts().get("p").refused() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        gateway.close();
        assertThat(gateway.counts().get("p").refused()).isPositive();
        assertThat(gateway.counts().get("p").lastProblem()).startsWith("4.01");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void packArgumentsAreCheckedAndDefaultToTheFrameResource() {
        assertThat(PackEndpoint.parse("pack-7=coap://10.0.0.7:5683").frame())
                .isEqualTo(URI.create("coap://10.0.0.7:5683/frame"));
        assertThat(PackEndpoint.parse("p=coaps://h:5684/frame").secure()).isTrue();
        assertThatThrownBy(() -> PackEndpoint.parse("coap://h:5683")).hasMessageContaining("ID=");
        assertThatThrownBy(() -> PackEndpoint.parse("p=http://h/")).hasMessageContaining("coap://");
        assertThatThrownBy(() -> CoapLink.PLAIN.client(PackEndpoint.parse("p=coaps://127.0.0.1:5684")))
                .hasMessageContaining("key file");
    }

    /** The bundled cell file, out of bms-io's jar (a resource in a jar is no file). */
    private Path bundledCell() throws IOException {
        Path file = dir.resolve("cell.json");
        try (InputStream in = getClass().getResourceAsStream("/org/healbms/io/cell/NCR18650PF_25degC.cell.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static void awaitTick(MockProducer<String, byte[]> producer, long tick) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            long packs = producer.history().stream()
                    .filter(r -> read(r.value()).tick() == tick)
                    .map(ProducerRecord::key)
                    .distinct()
                    .count();
            if (packs == 2) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("tick " + tick + " did not reach the topic from both packs within 10 s");
    }

    private static TelemetryRecord read(byte[] value) {
        try {
            return TelemetryJson.read(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
