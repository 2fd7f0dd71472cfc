package org.healbms.firmware.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.assertj.core.api.Assertions;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.WebLink;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.LinkFormat;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.OptionNumberRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.healbms.core.impedance.CellImpedanceCircuit;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.core.protection.FaultId;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.passport.PassportFixture;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.CommandRefused;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetryFrame;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.io.config.ConfigException;
import org.healbms.io.rules.RulesFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Californium server on loopback, read and written by a real Californium client. */
class TelemetryServerTest {

    @TempDir
    Path dir;

    static final byte[] WRITE_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    static final byte[] READ_KEY = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");

    private final AtomicReference<TelemetrySnapshot> snapshot = new AtomicReference<>();
    private final AtomicReference<Passport> passport = new AtomicReference<>();
    private final AtomicReference<TelemetryFrame> frame = new AtomicReference<>();
    private RuleEngine engine;
    private AuditLog audit;
    private TelemetryServer server;
    private String base;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Integer> sweepsRequested = new CopyOnWriteArrayList<>();
    /** Who asked for each write the firmware side carried out (or, for sweeps, was asked for). */
    private final List<String> writers = new CopyOnWriteArrayList<>();
    /** How the firmware side answers a sweep request for cell 1 (cell 2 has no front end). */
    private volatile SweepAnswer cellOneSweep = new SweepAnswer(SweepAnswer.Status.STARTED, "sweep of cell 1 started");

    private volatile String mode = "auto";
    /** What the control loop makes of a fault acknowledgement; null: carried out at once. */
    private volatile CompletableFuture<List<String>> ackFromLoop;

    /** A client over DTLS with a pre-shared key. */
    private CoapClient secure(String path, String identity, byte[] key) {
        DtlsConfig.register();
        var config = Configuration.createStandardWithoutFile();
        var dtls = DtlsConnectorConfig.builder(config)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build();
        var endpoint = new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(new DTLSConnector(dtls))
                .build();
        CoapClient c = new CoapClient("coaps://127.0.0.1:" + server.securePort() + "/" + path);
        c.setEndpoint(endpoint);
        c.setTimeout(5000L);
        return c;
    }

    /** The firmware side: the same rules validation and replacement as the firmware's. */
    private final class Side implements FirmwareControl {
        @Override
        public TelemetrySnapshot snapshot() {
            return snapshot.get();
        }

        @Override
        public TelemetryFrame frame() {
            return frame.get();
        }

        @Override
        public Passport passport() {
            return passport.get();
        }

        @Override
        public List<AuditLog.Entry> audit(int from, int count) {
            return audit.page(from, count);
        }

        @Override
        public int auditSize() {
            return audit.size();
        }

        @Override
        public List<String> rules() {
            List<String> out = new ArrayList<>(List.of(engine.rules().name()));
            engine.rules().rules().forEach(r -> out.add(r.id()));
            return out;
        }

        @Override
        public String healingMode() {
            return mode;
        }

        @Override
        public CompletableFuture<List<String>> setHealingMode(String m, Requester by) {
            if (!List.of("auto", "advisory", "off").contains(m.trim())) {
                return CompletableFuture.completedFuture(List.of("'" + m.trim() + "' is not a healing mode"));
            }
            mode = m.trim();
            writers.add("mode " + by);
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletableFuture<List<String>> acknowledgeFault(String fault, Requester by) {
            if (ackFromLoop != null) {
                return ackFromLoop;
            }
            acknowledged.add(fault.trim());
            writers.add("ack " + by);
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by) {
            sweepsRequested.add(cell);
            writers.add("sweep " + by);
            return CompletableFuture.completedFuture(
                    cell == 1
                            ? cellOneSweep
                            : new SweepAnswer(
                                    SweepAnswer.Status.NO_FRONT_END, "cell " + cell + " has no impedance front end"));
        }

        @Override
        public void refused(String what) {
            refusals.add(what);
        }

        @Override
        public CompletableFuture<List<String>> replaceRules(String yaml, Requester by) {
            try {
                engine.replace(RulesFile.parse("PUT rules", yaml));
                writers.add("rules " + by);
                return CompletableFuture.completedFuture(List.of());
            } catch (ConfigException e) {
                return CompletableFuture.completedFuture(e.problems());
            } catch (IOException e) {
                return CompletableFuture.completedFuture(List.of(e.getMessage()));
            }
        }
    }

    private static TelemetrySnapshot snapshot(long tick, double soc) {
        return new TelemetrySnapshot(
                tick,
                1_764_000_000_000L + tick * 100,
                "normal",
                1.45,
                10.0,
                List.of(),
                List.of(
                        new TelemetrySnapshot.Cell(1, 3.71, 25.5, soc, 0.01, 1.02, 0.75, true, 27.9, 0.6),
                        new TelemetrySnapshot.Cell(
                                2, 3.70, 26.0, soc - 0.01, 0.01, Double.NaN, 1.0, false, Double.NaN, Double.NaN)),
                List.of(new TelemetrySnapshot.Signature("hot_spot", 2, 0.4, 0.8, "31.0 degC, 6.0 K above")),
                List.of(
                        new TelemetrySnapshot.Reading("cell 1 surface", "degC", 25.5, "ok"),
                        new TelemetrySnapshot.Reading("cell 2 fbg strain", "nm", 1530.006, "sensor_fault")),
                List.of(new TelemetrySnapshot.RuleTally("heal-resistance", 3, 1, 0, 2)),
                List.of(new TelemetrySnapshot.Impedance(
                        1,
                        List.of(sweep(0, 0.0120), sweep(1, 0.0120 + 1e-5)),
                        IntStream.range(1, 13)
                                .mapToObj(day -> sweep(day, 0.0120 + day * 1e-5))
                                .toList(),
                        14,
                        false)));
    }

    /** Cell 1's sweep on day {@code day} before the snapshot's time (day 12 = the latest), at 0.8 SoC and 25 degC. */
    private static ImpedanceRecord sweep(int day, double chargeTransferOhm) {
        return new ImpedanceRecord(
                1_764_000_000_000L - (13 - day) * 86_400_000L,
                0.8,
                day == 1 ? 35.0 : 25.0,
                new CellImpedanceCircuit(
                        1e-7, 0.0180 + day * 1e-5, 0.003, 1e-4, 0.8, chargeTransferOhm, 0.0055, 0.85, 0.003),
                0.002 + day * 1e-4,
                24);
    }

    private String example() throws Exception {
        try (InputStream in = RulesFile.class.getResourceAsStream("/org/healbms/io/rules/example.rules.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void start() throws Exception {
        engine = new RuleEngine(RulesFile.parse("example", example()));
        audit = new AuditLog(dir.resolve("audit.log"));
        for (int i = 1; i <= 30; i++) {
            audit.append("event " + i);
        }
        snapshot.set(snapshot(1, 0.8));
        server = new TelemetryServer(
                new Side(),
                new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0),
                List.of(
                        new AccessPolicy.Key("bench", WRITE_KEY, AccessPolicy.Role.WRITE),
                        new AccessPolicy.Key("dashboard", READ_KEY, AccessPolicy.Role.READ)),
                new AccessPolicy(Map.of("bench", AccessPolicy.Role.WRITE, "dashboard", AccessPolicy.Role.READ), true),
                2,
                50);
        server.start();
        base = "coap://127.0.0.1:" + server.port() + "/";
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        audit.close();
    }

    private CoapResponse get(String path, int accept) throws Exception {
        CoapClient c = new CoapClient(base + path);
        c.setTimeout(5000L);
        try {
            return accept < 0 ? c.get() : c.get(accept);
        } finally {
            c.shutdown();
        }
    }

    /**
     * Discovery lists exactly the resources that answer GET, each with its type and content
     * formats: not the parents (cells, healing, faults: 4.05), not the POST-only ones (eis,
     * faults/ack), not the impedance of a cell without a front end (4.04).
     */
    @Test
    void discoveryListsOnlyWhatAnswersGetWithItsContentFormats() throws Exception {
        passport.set(PassportFixture.twoCells());
        frame.set(twoCellFrame());
        CoapResponse r = get(".well-known/core", -1);
        Set<WebLink> links = LinkFormat.parse(r.getResponseText());
        Map<String, List<String>> ct = new TreeMap<>();
        links.forEach(l -> ct.put(l.getURI(), l.getAttributes().getContentTypes()));
        assertThat(ct.keySet())
                .containsExactlyInAnyOrder(
                        "/pack",
                        "/cells/1",
                        "/cells/2",
                        "/cells/1/impedance",
                        "/signatures",
                        "/readings",
                        "/audit",
                        "/rules",
                        "/healing/efficacy",
                        "/healing/mode",
                        "/frame",
                        "/passport");
        assertThat(ct).allSatisfy((uri, formats) -> assertThat(formats).as(uri).isNotEmpty());
        assertThat(ct.get("/audit")).containsExactlyInAnyOrder("110", "112");
        assertThat(ct.get("/rules")).containsExactly("0");
        assertThat(ct.get("/passport")).containsExactly("50");
        assertThat(ct.get("/frame")).containsExactly("50");
        assertThat(r.getResponseText()).contains("rt=\"healbms.pack\"", "obs", "rt=\"healbms.cell-impedance\"");
        for (String uri : ct.keySet()) {
            assertThat(get(uri.substring(1), -1).getCode()).as(uri).isEqualTo(ResponseCode.CONTENT);
        }
        for (String hidden : List.of("cells", "healing", "faults", "cells/1/eis", "faults/ack", "cells/2/impedance")) {
            assertThat(get(hidden, -1).getCode()).as(hidden).isNotEqualTo(ResponseCode.CONTENT);
        }
    }

    @Test
    void senmlInJsonAndCborByAccept() throws Exception {
        CoapResponse json = get("pack", Senml.CONTENT_FORMAT_JSON);
        assertThat(json.getOptions().getContentFormat()).isEqualTo(110);
        JsonNode pack = new ObjectMapper().readTree(json.getResponseText());
        assertThat(pack.get(0).get("bn").asText()).isEqualTo("urn:dev:healbms:pack:");
        assertThat(pack.get(0).get("n").asText()).isEqualTo("state");
        assertThat(pack.get(0).get("vs").asText()).isEqualTo("normal");
        assertThat(pack.get(1).get("u").asText()).isEqualTo("A");

        CoapResponse cbor = get("cells/1", Senml.CONTENT_FORMAT_CBOR);
        assertThat(cbor.getOptions().getContentFormat()).isEqualTo(112);
        JsonNode cell = new ObjectMapper(new CBORFactory()).readTree(cbor.getPayload());
        // RFC 8428 CBOR labels: bn -2, n 0, u 1, v 2.
        assertThat(cell.get(0).get("-2").asText()).isEqualTo("urn:dev:healbms:cell:1:");
        assertThat(cell.get(0).get("0").asText()).isEqualTo("voltage");
        assertThat(cell.get(0).get("1").asText()).isEqualTo("V");
        assertThat(cell.get(0).get("2").asDouble()).isEqualTo(3.71);

        // An unknown value (NaN) has no record, in JSON as in CBOR: SenML has no NaN and no null,
        // and a record without a value would be read as 0.
        JsonNode cell2 = new ObjectMapper().readTree(get("cells/2", -1).getResponseText());
        assertThat(names(cell2))
                .containsExactly("voltage", "temperature", "soc", "soc_sigma", "healing_budget", "heating");
        JsonNode cell2Cbor = new ObjectMapper(new CBORFactory())
                .readTree(get("cells/2", Senml.CONTENT_FORMAT_CBOR).getPayload());
        assertThat(cell2Cbor).hasSize(6);
        cell2Cbor.forEach(x -> assertThat(x.has("2") || x.has("4")).isTrue());

        JsonNode cell1 = new ObjectMapper().readTree(get("cells/1", -1).getResponseText());
        assertThat(cell1.get(5).get("n").asText()).isEqualTo("healing_budget");
        assertThat(cell1.get(5).get("v").asDouble()).isEqualTo(0.75);
        assertThat(cell1.get(6).get("vb").asBoolean()).isTrue();
        assertThat(cell1.get(7).get("n").asText()).isEqualTo("core_temperature");
        assertThat(cell1.get(7).get("u").asText()).isEqualTo("Cel");
        assertThat(cell1.get(7).get("v").asDouble()).isEqualTo(27.9);
        assertThat(cell1.get(8).get("v").asDouble()).isEqualTo(0.6);
        JsonNode efficacy =
                new ObjectMapper().readTree(get("healing/efficacy", -1).getResponseText());
        assertThat(efficacy.get(0).get("bn").asText()).isEqualTo("urn:dev:healbms:rule:");
        assertThat(efficacy.get(0).get("n").asText()).isEqualTo("heal-resistance:improved");
        assertThat(efficacy.get(0).get("v").asInt()).isEqualTo(3);
        assertThat(efficacy.get(3).get("n").asText()).isEqualTo("heal-resistance:aborted");
        assertThat(efficacy.get(3).get("v").asInt()).isEqualTo(2);

        assertThat(get("pack", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get("nothing", -1).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void observersAreNotifiedWhenTheSnapshotChanges() throws Exception {
        CoapClient c = new CoapClient(base + "cells/1");
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Long> maxAges = new CopyOnWriteArrayList<>();
        CoapObserveRelation relation = c.observe(
                new CoapHandler() {
                    @Override
                    public void onLoad(CoapResponse response) {
                        seen.add(response.getResponseText());
                        maxAges.add(response.getOptions().getMaxAge());
                    }

                    @Override
                    public void onError() {}
                },
                Senml.CONTENT_FORMAT_JSON);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        snapshot.set(snapshot(2, 0.79));
        // Wait for the new value, not for a second notification: the notifier's first round may
        // notify the old snapshot once more before the change.
        while (seen.stream().noneMatch(t -> t.contains("0.79")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        relation.proactiveCancel();
        c.shutdown();
        assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
        assertThat(seen.getLast()).contains("0.79");
        // Each notification is fresh until the next one (this server notifies every 50 ms: 1 s, the
        // smallest Max-Age), not for CoAP's default 60 s.
        assertThat(maxAges).allSatisfy(a -> assertThat(a).isEqualTo(1L));
        assertThat(TelemetryServer.maxAgeS(1000)).isEqualTo(1);
        assertThat(TelemetryServer.maxAgeS(1500)).isEqualTo(2);
    }

    /**
     * Cell 1 has a temperature channel, cell 2 none; the current is stale: the board's layout order
     * is not the record's (the record is per cell, then per quantity).
     */
    private static TelemetryFrame twoCellFrame() {
        List<Channel> layout = List.of(
                new Channel("pack current", ChannelKind.PACK_CURRENT, 0),
                new Channel("cell 2 voltage", ChannelKind.CELL_VOLTAGE, 2),
                new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1),
                new Channel("cell 1 surface", ChannelKind.TEMPERATURE, 1));
        return new TelemetryFrame(
                1_767_225_600_123_456_789L,
                new ReadingFrame(
                        42,
                        5_000_000_000L,
                        layout,
                        new double[] {Double.NaN, 3.7000000000000006, 3.61, 25.5},
                        new Quality[] {Quality.STALE, Quality.OK, Quality.OK, Quality.OK},
                        new long[4]),
                EnumSet.of(FaultId.CURRENT_MEASUREMENT, FaultId.CELL_OVERVOLTAGE));
    }

    /** 5.03 before the first tick; then the frame as the twin's telemetry record, each number to its last digit. */
    @Test
    void theFrameIsServedAsTheTwinsTelemetryRecord() throws Exception {
        assertThat(get("frame", -1).getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        frame.set(twoCellFrame());
        CoapResponse r = new CoapClient(base + "frame").get(MediaTypeRegistry.APPLICATION_JSON);
        assertThat(r.getCode()).isEqualTo(ResponseCode.CONTENT);
        JsonNode f = new ObjectMapper().readTree(r.getResponseText());
        assertThat(f.get("tick").asLong()).isEqualTo(42);
        assertThat(f.get("time_ns").asLong()).isEqualTo(1_767_225_600_123_456_789L);
        assertThat(f.get("current_a").isNull()).isTrue();
        assertThat(f.get("current_quality").asText()).isEqualTo("stale");
        assertThat(f.at("/cell_voltage_v/0").asDouble()).isEqualTo(3.61);
        assertThat(f.at("/cell_voltage_v/1").asDouble()).isEqualTo(3.7000000000000006);
        assertThat(f.at("/cell_temperature_degc/0").asDouble()).isEqualTo(25.5);
        assertThat(f.at("/cell_temperature_degc/1").isNull()).isTrue();
        assertThat(f.at("/cell_temperature_quality/1").asText()).isEqualTo("stale");
        assertThat(f.at("/cell_voltage_quality/0").asText()).isEqualTo("ok");
        // The active protection faults, in FaultId's order, named as the snapshot names them.
        assertThat(f.get("protection_faults")).hasSize(2);
        assertThat(f.at("/protection_faults/0").asText()).isEqualTo("cell_overvoltage");
        assertThat(f.at("/protection_faults/1").asText()).isEqualTo("current_measurement");
    }

    /** 5.03 before the first save; then the passport JSON, and observers hear of each new one (not of each tick). */
    @Test
    void thePassportIsServedAsJsonAndObserversHearOfEachNewOne() throws Exception {
        assertThat(get("passport", -1).getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        Passport first = PassportFixture.twoCells();
        passport.set(first);
        CoapClient c = new CoapClient(base + "passport");
        CoapResponse r = c.get(MediaTypeRegistry.APPLICATION_JSON);
        assertThat(r.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(r.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_JSON);
        JsonNode pack = new ObjectMapper().readTree(r.getResponseText());
        assertThat(pack.get("format").asText()).isEqualTo("healbms-passport");
        assertThat(pack.at("/story/pack/charge_ah").asDouble()).isEqualTo(30.0);
        assertThat(pack.at("/story/cells").isMissingNode())
                .as("cells are each their own view")
                .isTrue();
        assertThat(pack.at("/pack_health/capacity_ah").asDouble()).isEqualTo(2.755);
        assertThat(pack.at("/healing/0/verdict").asText()).isEqualTo("improved; eis unchanged");
        JsonNode cell2 = new ObjectMapper().readTree(get("passport?cell=2", -1).getResponseText());
        assertThat(cell2.at("/story/cell/overcharges/count").asLong()).isEqualTo(1);
        assertThat(cell2.at("/health/resistance_scale").asDouble()).isEqualTo(1.1);
        assertThat(cell2.get("healing")).as("cell 1's action is not cell 2's").isEmpty();
        assertThat(get("passport?cell=3", -1).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(get("passport?cel=1", -1).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(c.get(MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        List<Long> savedAt = new CopyOnWriteArrayList<>();
        CoapObserveRelation relation = c.observe(
                new CoapHandler() {
                    @Override
                    public void onLoad(CoapResponse response) {
                        try {
                            savedAt.add(new ObjectMapper()
                                    .readTree(response.getResponseText())
                                    .get("saved_at_epoch_ms")
                                    .asLong());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void onError() {}
                },
                MediaTypeRegistry.APPLICATION_JSON);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (savedAt.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (int tick = 2; tick < 8; tick++) {
            snapshot.set(snapshot(tick, 0.8)); // ticks without a save: no new passport
            Thread.sleep(60);
        }
        Passport next = new Passport(
                first.savedAtEpochMs() + 10_000,
                first.ratings(),
                first.story(),
                first.health(),
                first.healing(),
                first.healingTallies());
        passport.set(next);
        while (!savedAt.contains(next.savedAtEpochMs()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        relation.proactiveCancel();
        c.shutdown();
        // The registration's answer, at most once more from the notifier's first round (which saw the
        // passport appear), and never again for the six ticks that took no new one.
        assertThat(savedAt.stream().distinct()).containsExactly(first.savedAtEpochMs(), next.savedAtEpochMs());
        assertThat(savedAt.stream().filter(t -> t == first.savedAtEpochMs()).count())
                .isLessThanOrEqualTo(2);
        assertThat(savedAt.getLast()).isEqualTo(next.savedAtEpochMs());
    }

    @Test
    void aBadRuleSetIsRefusedWithItsProblemsAndTheOldOneKeepsRunning() throws Exception {
        CoapClient c = secure("rules", "bench", WRITE_KEY);
        String bad = example().replace("temperature < 40.0", "temprature < 40.0");
        CoapResponse refused = c.put(bad, MediaTypeRegistry.TEXT_PLAIN);
        assertThat(refused.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(refused.getResponseText())
                .contains("line 18: rules[0] (binder-heal-on-resistance-growth).when")
                .contains("undeclared reference to 'temprature'");
        assertThat(c.get().getResponseText()).startsWith("example");
        CoapResponse garbage = c.put("{{{ not yaml", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(garbage.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(c.put("", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);

        CoapResponse accepted = c.put(example().replace("name: example", "name: tuned"), MediaTypeRegistry.TEXT_PLAIN);
        assertThat(accepted.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(c.get().getResponseText()).startsWith("tuned");
        assertThat(writers).singleElement().asString().matches("rules identity bench from 127\\.0\\.0\\.1:\\d+");
        c.shutdown();
    }

    @Test
    void theAuditLogIsPaged() throws Exception {
        JsonNode page =
                new ObjectMapper().readTree(get("audit?from=10&count=5", -1).getResponseText());
        assertThat(page.get(0).get("v").asInt()).isEqualTo(30); // size
        assertThat(page).hasSize(6);
        assertThat(page.get(1).get("n").asText()).isEqualTo("11");
        assertThat(page.get(1).get("vs").asText()).isEqualTo("event 11");
        assertThat(get("audit?from=x", -1).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(get("audit?count=1000", -1).getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(get("audit?colour=red", -1).getCode()).isEqualTo(ResponseCode.BAD_OPTION);
    }

    /**
     * RFC 7252 5.4.1: a critical option the server does not act on is refused (4.02 Bad Option for a
     * Confirmable request, rejected for a Non-confirmable one), never answered as if it were not
     * there: a GET protected by OSCORE got a plaintext 2.05. Proxy-Uri gets its own answer, 5.05.
     */
    @Test
    void aCriticalOptionTheServerDoesNotSupportIsRefused() throws Exception {
        CoapClient c = new CoapClient(base + "pack");
        c.setTimeout(5000L);
        try {
            for (Option option : List.of(
                    new Option(OptionNumberRegistry.OSCORE, new byte[] {0x09, 0x01}),
                    new Option(19, 0), // Q-Block1
                    new Option(OptionNumberRegistry.IF_MATCH, new byte[] {1, 2}),
                    new Option(OptionNumberRegistry.IF_NONE_MATCH))) {
                Request request = Request.newGet();
                request.getOptions().addOption(option);
                CoapResponse r = c.advanced(request);
                assertThat(r.getCode()).as("option " + option.getNumber()).isEqualTo(ResponseCode.BAD_OPTION);
                assertThat(r.getResponseText()).startsWith("unsupported critical option " + option.getNumber());
            }
            Request proxied = Request.newGet();
            proxied.getOptions().setProxyUri("coap://example.org/pack");
            assertThat(c.advanced(proxied).getCode()).isEqualTo(ResponseCode.PROXY_NOT_SUPPORTED);

            Request non = Request.newGet();
            non.setType(CoAP.Type.NON);
            non.getOptions().addOption(new Option(OptionNumberRegistry.OSCORE, new byte[] {0x09}));
            assertThat(c.advanced(non)).isNull();
            assertThat(non.isRejected()).isTrue();

            // What it does support still works: Uri-Host, Accept, an elective option it ignores (No-Response's
            // neighbour 284, unassigned and elective).
            Request fine = Request.newGet();
            fine.getOptions()
                    .setUriHost("pack.local")
                    .setAccept(Senml.CONTENT_FORMAT_CBOR)
                    .addOption(new Option(284, new byte[] {1}));
            assertThat(c.advanced(fine).getCode()).isEqualTo(ResponseCode.CONTENT);
        } finally {
            c.shutdown();
        }
        assertThat(refusals).isEmpty();
    }

    /** DTLS with a good key works; a wrong key gets no session; writes need the write role. */
    @Test
    void writesNeedAnAuthenticatedWriterAndABadKeyGetsNothing() throws Exception {
        CoapClient reader = secure("pack", "dashboard", READ_KEY);
        assertThat(reader.get().getCode()).isEqualTo(ResponseCode.CONTENT);
        CoapResponse forbidden = secure("rules", "dashboard", READ_KEY).put(example(), MediaTypeRegistry.TEXT_PLAIN);
        assertThat(forbidden.getCode()).isEqualTo(ResponseCode.FORBIDDEN);

        CoapClient plain = new CoapClient(base + "rules");
        plain.setTimeout(5000L);
        assertThat(plain.put(example(), MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        plain.shutdown();
        // An authenticated identity's refusal is audited; an anonymous one is counted for the summary.
        assertThat(refusals)
                .singleElement()
                .satisfies(r -> assertThat(r).contains("identity dashboard").contains("4.03"));
        assertThat(server.refusedWrites()).isEqualTo(1);

        CoapClient impostor = secure("pack", "bench", READ_KEY); // the right name with the wrong secret
        impostor.setTimeout(2000L);
        CoapResponse none;
        try {
            none = impostor.get();
        } catch (Exception e) {
            none = null;
        }
        assertThat(none).isNull(); // the handshake fails: no response at all
        assertThat(engine.rules().name()).isEqualTo("example");
    }

    /** A request flood from one peer is cut at its rate; the server keeps answering. */
    @Test
    void aFloodingPeerIsLimited() throws Exception {
        CoapClient c = new CoapClient(base + "pack");
        c.setTimeout(5000L);
        int limited = 0;
        for (int i = 0; i < 300; i++) {
            CoapResponse r = c.get();
            if (r.getCode() == ResponseCode.TOO_MANY_REQUESTS) {
                limited++;
            }
        }
        c.shutdown();
        assertThat(limited).isPositive();
        Thread.sleep(1200);
        assertThat(get("pack", -1).getCode()).isEqualTo(ResponseCode.CONTENT);
    }

    @Test
    void rawReadingsHealingModeAndFaultAcknowledgement() throws Exception {
        JsonNode readings = new ObjectMapper().readTree(get("readings", -1).getResponseText());
        assertThat(readings.get(0).get("n").asText()).isEqualTo("cell_1_surface"); // the channel "cell 1 surface"
        assertThat(readings.get(1).get("n").asText()).isEqualTo("cell_1_surface:quality");
        assertThat(readings.get(0).get("u").asText()).isEqualTo("Cel");
        assertThat(readings.get(2).get("u").asText()).isEqualTo("m");
        assertThat(readings.get(2).get("v").asDouble()).isCloseTo(1530.006e-9, Assertions.within(1e-18));
        assertThat(readings.get(3).get("vs").asText()).isEqualTo("sensor_fault");

        CoapClient mode = secure("healing/mode", "bench", WRITE_KEY);
        assertThat(mode.get().getResponseText()).isEqualTo("auto");
        assertThat(mode.put("advisory", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(mode.get().getResponseText()).isEqualTo("advisory");
        assertThat(mode.put("sometimes", MediaTypeRegistry.TEXT_PLAIN).getCode())
                .isEqualTo(ResponseCode.BAD_REQUEST);
        CoapClient ack = secure("faults/ack", "bench", WRITE_KEY);
        assertThat(ack.post("cell_overvoltage", MediaTypeRegistry.TEXT_PLAIN).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(acknowledged).containsExactly("cell_overvoltage");
        // The firmware is told who: the audit log names the identity for every write, as it does for refusals.
        assertThat(writers)
                .hasSize(2)
                .allSatisfy(w -> assertThat(w).matches("(mode|ack) identity bench from 127\\.0\\.0\\.1:\\d+"));
        CoapClient plainAck = new CoapClient(base + "faults/ack");
        plainAck.setTimeout(5000L);
        assertThat(plainAck.post("cell_overvoltage", MediaTypeRegistry.TEXT_PLAIN)
                        .getCode())
                .isEqualTo(ResponseCode.UNAUTHORIZED);
        plainAck.shutdown();
    }

    /**
     * A write waits for the control tick without holding the protocol thread (reads go on meanwhile);
     * a loop that does not take the command in time has it withdrawn and the peer gets 5.03 with a
     * Max-Age to retry after, as for a full command queue.
     */
    @Test
    void aStalledControlLoopOrAFullCommandQueueIsAnswered503() throws Exception {
        CompletableFuture<List<String>> stalled = new CompletableFuture<>();
        ackFromLoop = stalled;
        CoapClient ack = secure("faults/ack", "bench", WRITE_KEY);
        long t0 = System.nanoTime();
        CompletableFuture<CoapResponse> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ack.post("cell_overvoltage", MediaTypeRegistry.TEXT_PLAIN);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300); // the POST is waiting for the loop now
        assertThat(get("pack", -1).getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(waiting).isNotDone();
        CoapResponse timedOut = waiting.get();
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(timedOut.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(timedOut.getResponseText())
                .isEqualTo(
                        "the control loop did not take the command within 1500 ms; it was not carried out, try again");
        assertThat(timedOut.getOptions().getMaxAge()).isEqualTo(CommandReplies.RETRY_AFTER_S);
        assertThat(waitedMs).isBetween(1400L, 4000L);
        assertThat(stalled)
                .as("withdrawn: a loop that recovers never carries it out")
                .isCancelled();

        ackFromLoop = CompletableFuture.failedFuture(new CommandRefused("the firmware's command queue is full"));
        CoapResponse full = ack.post("cell_overvoltage", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(full.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(full.getResponseText()).isEqualTo("the firmware's command queue is full");
        assertThat(acknowledged).isEmpty();
        ack.shutdown();
    }

    /**
     * The latest sweep, the counts, then a page of the history (oldest first, each record flagged
     * whether it is a baseline) as SenML, each value at its sweep's own time; a cell without a front
     * end is 4.04.
     */
    @Test
    void impedanceIsSenmlWithEachSweepsTimeAndTheHistory() throws Exception {
        JsonNode z = new ObjectMapper().readTree(get("cells/1/impedance", -1).getResponseText());
        assertThat(z.get(0).get("bn").asText()).isEqualTo("urn:dev:healbms:cell:1:");
        double bt = z.get(0).get("bt").asDouble();
        assertThat(bt).isEqualTo(1_764_000_000.1);
        ImpedanceRecord latest = sweep(12, 0.0120 + 12e-5);
        assertThat(names(z).subList(0, 9))
                .containsExactly(
                        "r_ohmic",
                        "r_ct",
                        "fit_error",
                        "soc",
                        "temperature",
                        "recorded",
                        "held",
                        "baselines",
                        "sweeping");
        assertThat(z.get(0).get("u").asText()).isEqualTo("Ohm");
        assertThat(z.get(0).get("v").asDouble()).isEqualTo(latest.ohmicOhm());
        assertThat(bt + z.get(0).get("t").asDouble()).isCloseTo(latest.epochMs() / 1000.0, within(1e-3));
        assertThat(z.get(1).get("v").asDouble()).isEqualTo(latest.chargeTransferOhm());
        assertThat(z.get(2).get("v").asDouble()).isEqualTo(latest.fitError());
        assertThat(z.get(4).get("u").asText()).isEqualTo("Cel");
        assertThat(z.get(5).get("v").asInt()).isEqualTo(14);
        assertThat(z.get(6).get("v").asInt()).isEqualTo(13); // days 0..12: day 1 is a baseline and recent, held once
        assertThat(z.get(7).get("v").asInt()).isEqualTo(2);
        assertThat(z.get(8).get("vb").asBoolean()).isFalse();
        // By default the newest ten, oldest first, six values each.
        assertThat(z).hasSize(9 + 6 * 10);
        List<JsonNode> rct = records(z, "history:r_ct");
        assertThat(rct.getFirst().get("v").asDouble())
                .isEqualTo(sweep(3, 0.0120 + 3e-5).chargeTransferOhm());
        assertThat(bt + rct.getLast().get("t").asDouble()).isCloseTo(latest.epochMs() / 1000.0, within(1e-3));
        assertThat(records(z, "history:baseline"))
                .allSatisfy(r -> assertThat(r.get("vb").asBoolean()).isFalse());

        // The oldest page holds the baselines: day 0, and day 1 measured at 35 degC.
        JsonNode oldest = new ObjectMapper()
                .readTree(get("cells/1/impedance?from=0&count=3", -1).getResponseText());
        assertThat(records(oldest, "history:baseline"))
                .extracting(r -> r.get("vb").asBoolean())
                .containsExactly(true, true, false);
        assertThat(records(oldest, "history:temperature"))
                .extracting(r -> r.get("v").asDouble())
                .containsExactly(25.0, 35.0, 25.0);
        assertThat(records(oldest, "history:r_ct").getFirst().get("v").asDouble())
                .isEqualTo(0.0120);
        JsonNode past =
                new ObjectMapper().readTree(get("cells/1/impedance?from=13", -1).getResponseText());
        assertThat(past).hasSize(9);
        CoapResponse tooMany = get("cells/1/impedance?count=16", -1);
        assertThat(tooMany.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(tooMany.getResponseText()).isEqualTo("from must be >= 0 and count 1..15");
        assertThat(get("cells/1/impedance?recent=3", -1).getResponseText())
                .isEqualTo("unknown query 'recent=3'; use from= and count=");
        assertThat(get("cells/1/impedance?from=x", -1).getResponseText()).isEqualTo("'from=x' is not a whole number");

        JsonNode cbor = new ObjectMapper(new CBORFactory())
                .readTree(get("cells/1/impedance", Senml.CONTENT_FORMAT_CBOR).getPayload());
        assertThat(cbor.get(1).get("6").asDouble()).isEqualTo(z.get(1).get("t").asDouble()); // t is label 6
        CoapResponse noFrontEnd = get("cells/2/impedance", -1);
        assertThat(noFrontEnd.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(noFrontEnd.getResponseText()).contains("not on this board");
    }

    /** Before the first sweep there is no latest sweep: no r_ohmic ... temperature records, only the counts. */
    @Test
    void impedanceBeforeTheFirstSweepHasNoValues() throws Exception {
        TelemetrySnapshot s = snapshot.get();
        snapshot.set(new TelemetrySnapshot(
                2,
                s.epochMillis(),
                s.packState(),
                s.chargeLimitA(),
                s.dischargeLimitA(),
                s.activeFaults(),
                s.cells(),
                s.signatures(),
                s.readings(),
                s.ruleEfficacy(),
                List.of(new TelemetrySnapshot.Impedance(1, List.of(), List.of(), 0, true))));
        JsonNode z = new ObjectMapper().readTree(get("cells/1/impedance", -1).getResponseText());
        assertThat(names(z)).containsExactly("recorded", "held", "baselines", "sweeping");
        assertThat(z.get(0).get("v").asInt()).isZero();
        assertThat(z.get(3).get("vb").asBoolean()).isTrue();
    }

    /**
     * The largest page (fifteen records, full-precision values, a full history of 40 baselines and
     * 50 recent sweeps) stays under the 8 KB a Californium client reassembles by default.
     */
    @Test
    void theLargestImpedancePageFitsADefaultClient() throws Exception {
        TelemetrySnapshot s = snapshot.get();
        Random random = new Random(1);
        List<ImpedanceRecord> baselines = IntStream.range(0, 40)
                .mapToObj(d -> new ImpedanceRecord(
                        1_000_000_000_000L + d * 1000L,
                        random.nextDouble(),
                        20 + random.nextDouble(),
                        new CellImpedanceCircuit(
                                1e-7,
                                0.018 + random.nextDouble() * 1e-3,
                                0.003,
                                1e-4,
                                0.8,
                                0.012 + random.nextDouble() * 1e-3,
                                0.0055,
                                0.85,
                                0.003),
                        random.nextDouble() * 0.01,
                        24))
                .toList();
        List<ImpedanceRecord> recent = IntStream.range(0, 50)
                .mapToObj(d -> new ImpedanceRecord(
                        1_700_000_000_000L + d * 86_400_123L,
                        random.nextDouble(),
                        20 + random.nextDouble(),
                        new CellImpedanceCircuit(
                                1e-7,
                                0.018 + random.nextDouble() * 1e-3,
                                0.003,
                                1e-4,
                                0.8,
                                0.012 + random.nextDouble() * 1e-3,
                                0.0055,
                                0.85,
                                0.003),
                        random.nextDouble() * 0.01,
                        24))
                .toList();
        snapshot.set(new TelemetrySnapshot(
                2,
                s.epochMillis(),
                s.packState(),
                s.chargeLimitA(),
                s.dischargeLimitA(),
                s.activeFaults(),
                s.cells(),
                s.signatures(),
                s.readings(),
                s.ruleEfficacy(),
                List.of(new TelemetrySnapshot.Impedance(1, baselines, recent, 1234, false))));
        CoapResponse r = get("cells/1/impedance?from=30&count=15", -1);
        assertThat(r.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(r.getPayloadSize()).isBetween(4000, 8192);
        JsonNode page = new ObjectMapper().readTree(r.getPayload());
        assertThat(page).hasSize(9 + 6 * 15);
        assertThat(records(page, "history:baseline"))
                .extracting(x -> x.get("vb").asBoolean())
                .containsExactly(
                        true, true, true, true, true, true, true, true, true, true, false, false, false, false, false);
    }

    private static List<String> names(JsonNode pack) {
        List<String> out = new ArrayList<>();
        pack.forEach(r -> out.add(r.get("n").asText()));
        return out;
    }

    private static List<JsonNode> records(JsonNode pack, String name) {
        List<JsonNode> out = new ArrayList<>();
        pack.forEach(r -> {
            if (r.get("n").asText().equals(name)) {
                out.add(r);
            }
        });
        return out;
    }

    @Test
    void aSweepRequestNeedsTheWriteRole() throws Exception {
        CoapClient plain = new CoapClient(base + "cells/1/eis");
        plain.setTimeout(5000L);
        assertThat(plain.post("", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        plain.shutdown();
        assertThat(secure("cells/1/eis", "dashboard", READ_KEY)
                        .post("", MediaTypeRegistry.TEXT_PLAIN)
                        .getCode())
                .isEqualTo(ResponseCode.FORBIDDEN);
        assertThat(sweepsRequested).isEmpty();
        assertThat(refusals).singleElement().satisfies(r -> assertThat(r).contains("POST /cells/1/eis"));
        assertThat(server.refusedWrites()).isEqualTo(1);

        CoapResponse started = secure("cells/1/eis", "bench", WRITE_KEY).post("", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(started.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(started.getResponseText()).isEqualTo("sweep of cell 1 started");
        assertThat(sweepsRequested).containsExactly(1);
        assertThat(writers).singleElement().asString().matches("sweep identity bench from 127\\.0\\.0\\.1:\\d+");
    }

    /** Each refusal has its code and the firmware's reason; a cell the board does not have is 4.04 before any of it. */
    @Test
    void aRefusedSweepSaysWhy() throws Exception {
        CoapClient bench = secure("cells/1/eis", "bench", WRITE_KEY);
        cellOneSweep =
                new SweepAnswer(SweepAnswer.Status.NOT_AT_REST, "cell 1 is not at rest: the pack current is -1.200 A");
        CoapResponse notAtRest = bench.post("", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(notAtRest.getCode()).isEqualTo(ResponseCode.CONFLICT);
        assertThat(notAtRest.getResponseText()).isEqualTo("cell 1 is not at rest: the pack current is -1.200 A");
        cellOneSweep = new SweepAnswer(SweepAnswer.Status.PROTECTION_FAULT, "a protection fault is active");
        assertThat(bench.post("", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.CONFLICT);
        cellOneSweep = new SweepAnswer(SweepAnswer.Status.BUSY, "cell 1 is being swept; one sweep at a time");
        CoapResponse busy = bench.post("", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(busy.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(busy.getOptions().getMaxAge()).isEqualTo(TelemetryServer.SweepResource.RETRY_AFTER_S);
        assertThat(busy.getResponseText()).contains("one sweep at a time");

        CoapResponse none = secure("cells/2/eis", "bench", WRITE_KEY).post("", MediaTypeRegistry.TEXT_PLAIN);
        assertThat(none.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(none.getResponseText()).isEqualTo("cell 2 has no impedance front end");
        assertThat(secure("cells/99/eis", "bench", WRITE_KEY)
                        .post("", MediaTypeRegistry.TEXT_PLAIN)
                        .getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(sweepsRequested).containsExactly(1, 1, 1, 2);
        assertThat(get("cells/1/eis", -1).getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }
}
