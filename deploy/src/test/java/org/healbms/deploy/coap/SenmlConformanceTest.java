package org.healbms.deploy.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.WebLink;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.LinkFormat;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.healbms.core.impedance.CellImpedanceCircuit;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.deploy.eis.SweepAnswer;
import org.healbms.deploy.persist.AuditLog;
import org.healbms.deploy.runtime.TelemetrySnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every read resource, found by discovery on a real server on loopback, fetched in SenML JSON (110)
 * and CBOR (112) and checked against RFC 8428's rules: at least one record (§11), only the RFC's
 * labels with their types, exactly one value field per record (§4.2), names valid once resolved
 * (§4.5.1) and unique with their time, units from the SenML units registry (§12.1), a lower-case
 * exponent in JSON numbers (§5), definite lengths and integer labels in CBOR (§6), and the two forms
 * resolving to the same records (§4.6). Done for a busy pack (signatures, rules that acted, an
 * impedance history, channel and rule names SenML does not allow as they are) and for an empty one
 * (nothing active, nothing acted, no sweep yet, values the firmware does not know).
 */
class SenmlConformanceTest {

    /** RFC 8428 §12.1, Table 6. */
    static final Set<String> UNITS = Set.of("m", "kg", "g", "s", "A", "K", "cd", "mol", "Hz", "rad", "sr", "N", "Pa", "J",
            "W", "C", "V", "F", "Ohm", "S", "Wb", "T", "H", "Cel", "lm", "lx", "Bq", "Gy", "Sv", "kat", "m2", "m3", "l",
            "m/s", "m/s2", "m3/s", "l/s", "W/m2", "cd/m2", "bit", "bit/s", "lat", "lon", "pH", "dB", "dBW", "Bspl", "count",
            "/", "%", "%RH", "%EL", "EL", "1/s", "1/min", "beat/min", "beats", "S/m");
    /** RFC 8428 Table 1: label, CBOR label. */
    static final Map<String, Integer> LABELS = Map.ofEntries(Map.entry("bn", -2), Map.entry("bt", -3), Map.entry("bu", -4),
            Map.entry("bv", -5), Map.entry("bs", -6), Map.entry("bver", -1), Map.entry("n", 0), Map.entry("u", 1),
            Map.entry("v", 2), Map.entry("vs", 3), Map.entry("vb", 4), Map.entry("vd", 8), Map.entry("s", 5),
            Map.entry("t", 6), Map.entry("ut", 7));
    static final Set<String> STRINGS = Set.of("bn", "bu", "n", "u", "vs", "vd");
    static final Set<String> VALUES = Set.of("v", "vs", "vb", "vd");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9:./_]*");

    @TempDir
    Path dir;

    private final AtomicReference<TelemetrySnapshot> snapshot = new AtomicReference<>();
    private AuditLog audit;
    private TelemetryServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        audit = new AuditLog(dir.resolve("audit.log"));
        audit.append("started");
        audit.append("healing mode set to advisory by identity bench from 127.0.0.1:40000");
        FirmwareControl side = new FirmwareControl() {
            @Override
            public TelemetrySnapshot snapshot() {
                return snapshot.get();
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
                return List.of("example", "heal-resistance");
            }

            @Override
            public List<String> replaceRules(String yaml, Requester by) {
                return List.of("not in this test");
            }

            @Override
            public String healingMode() {
                return "auto";
            }

            @Override
            public List<String> setHealingMode(String mode, Requester by) {
                return List.of("not in this test");
            }

            @Override
            public List<String> acknowledgeFault(String fault, Requester by) {
                return List.of("not in this test");
            }

            @Override
            public SweepAnswer requestImpedanceSweep(int cell, Requester by) {
                return new SweepAnswer(SweepAnswer.Status.NO_FRONT_END, "not in this test");
            }

            @Override
            public void refused(String what) {
            }
        };
        server = new TelemetryServer(side, new InetSocketAddress("127.0.0.1", 0), null, List.of(),
                AccessPolicy.loopbackReadsOnly(), 3, 1000);
        server.start();
        base = "coap://127.0.0.1:" + server.port() + "/";
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        audit.close();
    }

    private static final long EPOCH_MS = 1_764_000_000_123L;

    private static ImpedanceRecord sweep(int day) {
        return new ImpedanceRecord(EPOCH_MS - (20 - day) * 86_400_000L, 0.8, 25.0, new CellImpedanceCircuit(1e-7,
                0.018 + day * 1e-5, 0.003, 1e-4, 0.8, 0.012 + day * 1e-5, 0.0055, 0.85, 0.003), 0.002, 24);
    }

    /** Signatures, rules that acted, a history; names SenML does not allow as they are, two of which collide once made valid. */
    static TelemetrySnapshot busy() {
        return new TelemetrySnapshot(7, EPOCH_MS, "normal", 1.45, 10.0, List.of("cell_overtemperature", "contactor_weld"),
                List.of(new TelemetrySnapshot.Cell(1, 3.71, 25.5, 0.8, 0.01, 1.02, 0.75, true, 27.9, 0.6),
                        new TelemetrySnapshot.Cell(2, 3.70, 26.0, 0.79, 0.01, 1.01, 1.0, false, 26.1, 0.5),
                        new TelemetrySnapshot.Cell(3, 3.69, 26.5, 0.78, 0.01, 1.00, 1.0, false, 26.6, 0.5)),
                List.of(new TelemetrySnapshot.Signature("hot_spot", 2, 0.4, 0.8, "31.0 degC, 6.0 K above"),
                        new TelemetrySnapshot.Signature("resistance_growth", 1, 0.2, 0.9, "R0 +12 %")),
                List.of(new TelemetrySnapshot.Reading("cell 1 voltage", "V", 3.71, "ok"),
                        new TelemetrySnapshot.Reading("cell 1 surface", "degC", 25.5, "ok"),
                        new TelemetrySnapshot.Reading("cell 2 fbg strain", "1", 1.2e-5, "ok"),
                        new TelemetrySnapshot.Reading("cell 2 fbg wavelength", "nm", 1530.006, "ok"),
                        new TelemetrySnapshot.Reading("pack charge", "Ah", -0.25, "ok"),
                        new TelemetrySnapshot.Reading("T (ambient) #1", "degC", 21.0, "ok"),
                        new TelemetrySnapshot.Reading("T_ambient_1", "degC", 21.5, "ok"),
                        new TelemetrySnapshot.Reading("_underscore first", "degC", 22.0, "ok")),
                List.of(new TelemetrySnapshot.RuleTally("heal-resistance", 3, 1, 0, 2),
                        new TelemetrySnapshot.RuleTally("binder heal (on growth)", 1, 0, 1, 0),
                        new TelemetrySnapshot.RuleTally("heal-resistance/eis", 2, 0, 0, 0)),
                List.of(new TelemetrySnapshot.Impedance(1, List.of(sweep(0)),
                        java.util.stream.IntStream.range(1, 20).mapToObj(SenmlConformanceTest::sweep).toList(), 20, false)));
    }

    /** Nothing active, nothing acted, no sweep yet, and values the firmware does not know (NaN). */
    static TelemetrySnapshot empty() {
        return new TelemetrySnapshot(1, EPOCH_MS, "standby", 0, 0, List.of(),
                List.of(new TelemetrySnapshot.Cell(1, 3.71, 25.5, 0.8, 0.01, Double.NaN, 1.0, false, Double.NaN, Double.NaN),
                        new TelemetrySnapshot.Cell(2, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                                false, Double.NaN, Double.NaN),
                        new TelemetrySnapshot.Cell(3, 3.69, 26.5, 0.78, 0.01, 1.00, 1.0, false, Double.NaN, Double.NaN)),
                List.of(),
                List.of(new TelemetrySnapshot.Reading("cell 1 voltage", "V", Double.NaN, "stale"),
                        new TelemetrySnapshot.Reading("cell 1 surface", "degC", Double.NaN, "sensor_fault")),
                List.of(),
                List.of(new TelemetrySnapshot.Impedance(1, List.of(), List.of(), 0, true)));
    }

    @Test
    void everyReadResourceIsValidSenmlInBothFormatsWhenBusy() throws Exception {
        snapshot.set(busy());
        Map<String, List<Map<String, Object>>> packs = checkEveryResource();
        // Channel names and rule ids become valid names; the two that collide stay two records.
        assertThat(names(packs.get("/readings"))).contains("urn:dev:healbms:reading:cell_1_voltage",
                "urn:dev:healbms:reading:cell_1_voltage:quality", "urn:dev:healbms:reading:T_ambient_1",
                "urn:dev:healbms:reading:T_ambient_1_2", "urn:dev:healbms:reading:_underscore_first");
        assertThat(names(packs.get("/healing/efficacy"))).contains("urn:dev:healbms:rule:binder_heal_on_growth_:improved",
                "urn:dev:healbms:rule:heal-resistance/eis:aborted", "urn:dev:healbms:rules_acted");
        assertThat(value(packs.get("/healing/efficacy"), "urn:dev:healbms:rules_acted")).isEqualTo(3.0);
        assertThat(value(packs.get("/signatures"), "urn:dev:healbms:signatures")).isEqualTo(2.0);
        assertThat(names(packs.get("/cells/1/impedance"))).contains("urn:dev:healbms:cell:1:r_ct",
                "urn:dev:healbms:cell:1:history:r_ct");
        // Each active fault is a record of its own name: two faults are two sensors, not one read twice.
        assertThat(names(packs.get("/pack"))).contains("urn:dev:healbms:pack:active_fault:cell_overtemperature",
                "urn:dev:healbms:pack:active_fault:contactor_weld");
    }

    @Test
    void everyReadResourceIsValidSenmlInBothFormatsWhenEmpty() throws Exception {
        snapshot.set(empty());
        Map<String, List<Map<String, Object>>> packs = checkEveryResource();
        // Empty lists still give a pack: the count record says how many (none).
        assertThat(packs.get("/signatures")).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("n", "urn:dev:healbms:signatures").containsEntry("v", 0.0).containsEntry("u", "count");
        });
        assertThat(packs.get("/healing/efficacy")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("n", "urn:dev:healbms:rules_acted").containsEntry("v", 0.0));
        // Unknown values have no record at all (in both forms: checkEveryResource compared them).
        assertThat(names(packs.get("/cells/2"))).containsExactly("urn:dev:healbms:cell:2:heating");
        assertThat(names(packs.get("/cells/1"))).doesNotContain("urn:dev:healbms:cell:1:soh_resistance",
                "urn:dev:healbms:cell:1:core_temperature").contains("urn:dev:healbms:cell:1:voltage");
        assertThat(names(packs.get("/readings"))).containsExactly("urn:dev:healbms:reading:cell_1_voltage:quality",
                "urn:dev:healbms:reading:cell_1_surface:quality", "urn:dev:healbms:channels");
        assertThat(names(packs.get("/cells/1/impedance"))).containsExactly("urn:dev:healbms:cell:1:recorded",
                "urn:dev:healbms:cell:1:held", "urn:dev:healbms:cell:1:baselines", "urn:dev:healbms:cell:1:sweeping");
        assertThat(names(packs.get("/pack"))).doesNotContain("urn:dev:healbms:pack:active_fault");
    }

    /**
     * Discovers the resources, fetches each SenML one in both formats, checks both and that they
     * resolve to the same records; returns each resource's resolved records.
     */
    private Map<String, List<Map<String, Object>>> checkEveryResource() throws Exception {
        CoapResponse discovery = get(".well-known/core", -1);
        assertThat(discovery.getCode()).isEqualTo(ResponseCode.CONTENT);
        Set<WebLink> links = LinkFormat.parse(discovery.getResponseText());
        Map<String, List<Map<String, Object>>> packs = new LinkedHashMap<>();
        for (WebLink link : links) {
            List<String> formats = link.getAttributes().getContentTypes();
            if (!formats.contains("110")) {
                continue;
            }
            assertThat(formats).as(link.getURI()).containsExactlyInAnyOrder("110", "112");
            String path = link.getURI().substring(1);
            CoapResponse json = get(path, Senml.CONTENT_FORMAT_JSON);
            CoapResponse cbor = get(path, Senml.CONTENT_FORMAT_CBOR);
            assertThat(json.getCode()).as(path).isEqualTo(ResponseCode.CONTENT);
            assertThat(cbor.getCode()).as(path).isEqualTo(ResponseCode.CONTENT);
            assertThat(json.getOptions().getContentFormat()).isEqualTo(Senml.CONTENT_FORMAT_JSON);
            assertThat(cbor.getOptions().getContentFormat()).isEqualTo(Senml.CONTENT_FORMAT_CBOR);
            List<Map<String, Object>> fromJson = resolve(path + " (JSON)", checkJson(path, json.getPayload()));
            List<Map<String, Object>> fromCbor = resolve(path + " (CBOR)", checkCbor(path, cbor.getPayload()));
            // Records were made at the same snapshot, except audit's size, which counts nothing new here.
            if (!path.equals("audit")) {
                assertThat(fromCbor).as(path + ": JSON and CBOR hold the same records").isEqualTo(fromJson);
            } else {
                assertThat(withoutTimes(fromCbor)).as(path).isEqualTo(withoutTimes(fromJson));
            }
            packs.put(link.getURI(), fromJson);
        }
        assertThat(packs.keySet()).containsExactlyInAnyOrder("/pack", "/cells/1", "/cells/2", "/cells/3",
                "/cells/1/impedance", "/signatures", "/readings", "/audit", "/healing/efficacy");
        return packs;
    }

    /** JSON records with their labels, after checking the JSON-only rules (types, no null, exponent). */
    private static List<Map<String, Object>> checkJson(String path, byte[] payload) throws Exception {
        try (JsonParser p = new ObjectMapper().getFactory().createParser(payload)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                assertThat(t).as(path + ": SenML has no null").isNotEqualTo(JsonToken.VALUE_NULL);
                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                    assertThat(p.getText()).as(path + ": RFC 8428 5, exponent 'e' in lower case").doesNotContain("E");
                }
            }
        }
        JsonNode pack = new ObjectMapper().readTree(payload);
        assertThat(pack.isArray()).as(path).isTrue();
        List<Map<String, Object>> records = new ArrayList<>();
        for (JsonNode record : pack) {
            assertThat(record.isObject()).as(path).isTrue();
            Map<String, Object> fields = new LinkedHashMap<>();
            record.properties().forEach(f -> {
                String label = f.getKey();
                JsonNode v = f.getValue();
                assertThat(LABELS).as(path + ": label " + label).containsKey(label);
                if (STRINGS.contains(label)) {
                    assertThat(v.isTextual()).as(path + ": " + label + " is a string").isTrue();
                    fields.put(label, v.textValue());
                } else if (label.equals("vb")) {
                    assertThat(v.isBoolean()).as(path + ": vb is a boolean").isTrue();
                    fields.put(label, v.booleanValue());
                } else {
                    assertThat(v.isNumber()).as(path + ": " + label + " is a number").isTrue();
                    fields.put(label, v.doubleValue());
                }
            });
            records.add(fields);
        }
        return records;
    }

    /** CBOR records keyed by the labels their integer keys stand for, after checking definite lengths and integer keys. */
    private static List<Map<String, Object>> checkCbor(String path, byte[] payload) throws Exception {
        Map<Integer, String> byCbor = new java.util.HashMap<>();
        LABELS.forEach((label, key) -> byCbor.put(key, label));
        List<Map<String, Object>> records = new ArrayList<>();
        try (CBORParser p = new CBORFactory().createParser(payload)) {
            assertThat(p.nextToken()).as(path).isEqualTo(JsonToken.START_ARRAY);
            assertThat(p.getParsingContext().hasExpectedLength()).as(path + ": RFC 8428 6, a definite-length array").isTrue();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                assertThat(t).as(path).isEqualTo(JsonToken.START_OBJECT);
                assertThat(p.getParsingContext().hasExpectedLength()).as(path + ": a definite-length map").isTrue();
                Map<String, Object> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    int key;
                    try {
                        key = Integer.parseInt(p.currentName());
                    } catch (NumberFormatException e) {
                        throw new AssertionError(path + ": RFC 8428 6, the RFC's labels are integers in CBOR, not '"
                                + p.currentName() + "'");
                    }
                    String label = byCbor.get(key);
                    assertThat(label).as(path + ": CBOR label " + key).isNotNull();
                    JsonToken v = p.nextToken();
                    if (STRINGS.contains(label)) {
                        assertThat(v).as(path + ": " + label + " is a text string").isEqualTo(JsonToken.VALUE_STRING);
                        fields.put(label, p.getText());
                    } else if (label.equals("vb")) {
                        assertThat(v.isBoolean()).as(path + ": vb is a boolean").isTrue();
                        fields.put(label, p.getBooleanValue());
                    } else {
                        assertThat(v.isNumeric()).as(path + ": " + label + " is a number").isTrue();
                        fields.put(label, p.getDoubleValue());
                    }
                }
                records.add(fields);
            }
            assertThat(p.nextToken()).as(path + ": nothing after the pack").isNull();
        }
        return records;
    }

    /**
     * The format-independent rules, then the records resolved (RFC 8428 §4.6): name = base name +
     * name, time = base time + time, unit = unit or base unit, value = base value + value.
     */
    private static List<Map<String, Object>> resolve(String what, List<Map<String, Object>> records) {
        assertThat(records).as(what + ": RFC 8428 11, at least one record").isNotEmpty();
        String bn = "";
        double bt = 0;
        double bv = 0;
        String bu = null;
        List<Map<String, Object>> resolved = new ArrayList<>();
        Set<String> nameAndTime = new HashSet<>();
        for (Map<String, Object> r : records) {
            long values = r.keySet().stream().filter(VALUES::contains).count();
            if (!r.containsKey("s")) {
                assertThat(values).as(what + ": RFC 8428 4.2, exactly one value field in " + r).isEqualTo(1);
            }
            assertThat(r.keySet()).as(what).noneMatch(k -> k.endsWith("_"));
            bn = r.containsKey("bn") ? (String) r.get("bn") : bn;
            bt = r.containsKey("bt") ? (Double) r.get("bt") : bt;
            bv = r.containsKey("bv") ? (Double) r.get("bv") : bv;
            bu = r.containsKey("bu") ? (String) r.get("bu") : bu;
            String name = bn + r.getOrDefault("n", "");
            assertThat(name).as(what + ": RFC 8428 4.5.1, a valid name").matches(NAME);
            double time = bt + (Double) r.getOrDefault("t", 0.0);
            assertThat(time).as(what + ": an absolute time (2^28 s or later)").isGreaterThanOrEqualTo(268_435_456.0);
            assertThat(nameAndTime.add(name + "@" + time)).as(what + ": " + name + " once at each time").isTrue();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("n", name);
            String unit = r.containsKey("u") ? (String) r.get("u") : bu;
            if (unit != null) {
                assertThat(UNITS).as(what + ": RFC 8428 12.1, unit of " + name).contains(unit);
                out.put("u", unit);
            }
            out.put("t", time);
            if (r.containsKey("v")) {
                double v = bv + (Double) r.get("v");
                assertThat(Double.isFinite(v)).as(what + ": " + name).isTrue();
                out.put("v", v);
            }
            for (String label : List.of("vs", "vb", "vd", "s")) {
                if (r.containsKey(label)) {
                    out.put(label, r.get(label));
                }
            }
            resolved.add(out);
        }
        return resolved;
    }

    private static List<Map<String, Object>> withoutTimes(List<Map<String, Object>> records) {
        return records.stream().map(r -> {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.remove("t");
            return copy;
        }).toList();
    }

    private static List<String> names(List<Map<String, Object>> records) {
        return records.stream().map(r -> (String) r.get("n")).toList();
    }

    private static Object value(List<Map<String, Object>> records, String name) {
        return records.stream().filter(r -> r.get("n").equals(name)).findFirst()
                .orElseGet(() -> fail("no record " + name)).get("v");
    }

    private CoapResponse get(String path, int accept) throws Exception {
        CoapClient c = new CoapClient(base + path);
        c.setTimeout(5000L);
        try {
            CoapResponse r = accept < 0 ? c.get() : c.get(accept);
            assertThat(r).as(path + ": an answer").isNotNull();
            return r;
        } finally {
            c.shutdown();
        }
    }

    /** Californium's client sends Accept; plain text is refused by SenML resources (4.06), not answered in SenML. */
    @Test
    void aSenmlResourceRefusesAFormatItCannotGive() throws Exception {
        snapshot.set(busy());
        assertThat(get("pack", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get("audit", MediaTypeRegistry.APPLICATION_JSON).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get("rules", Senml.CONTENT_FORMAT_JSON).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get("rules", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.CONTENT);
    }
}
