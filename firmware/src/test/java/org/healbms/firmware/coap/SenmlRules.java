package org.healbms.firmware.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.WebLink;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.LinkFormat;

/**
 * RFC 8428's rules for a SenML pack, checked on what a real CoAP server answers: at least one
 * record (§11), only the RFC's labels with their types, exactly one value field per record (§4.2),
 * names valid once resolved (§4.5.1) and unique with their time, units from the SenML units
 * registry (§12.1), absolute times, a lower-case exponent in JSON numbers (§5), definite lengths and
 * integer labels in CBOR (§6), and the JSON and CBOR forms resolving to the same records (§4.6).
 * Used on a test's fixed snapshot (SenmlConformanceTest) and on the running firmware.
 */
public final class SenmlRules {

    private SenmlRules() {}

    /** RFC 8428 §12.1, Table 6. */
    static final Set<String> UNITS = Set.of(
            "m",
            "kg",
            "g",
            "s",
            "A",
            "K",
            "cd",
            "mol",
            "Hz",
            "rad",
            "sr",
            "N",
            "Pa",
            "J",
            "W",
            "C",
            "V",
            "F",
            "Ohm",
            "S",
            "Wb",
            "T",
            "H",
            "Cel",
            "lm",
            "lx",
            "Bq",
            "Gy",
            "Sv",
            "kat",
            "m2",
            "m3",
            "l",
            "m/s",
            "m/s2",
            "m3/s",
            "l/s",
            "W/m2",
            "cd/m2",
            "bit",
            "bit/s",
            "lat",
            "lon",
            "pH",
            "dB",
            "dBW",
            "Bspl",
            "count",
            "/",
            "%",
            "%RH",
            "%EL",
            "EL",
            "1/s",
            "1/min",
            "beat/min",
            "beats",
            "S/m");
    /** RFC 8428 Table 1: label, CBOR label. */
    static final Map<String, Integer> LABELS = Map.ofEntries(
            Map.entry("bn", -2),
            Map.entry("bt", -3),
            Map.entry("bu", -4),
            Map.entry("bv", -5),
            Map.entry("bs", -6),
            Map.entry("bver", -1),
            Map.entry("n", 0),
            Map.entry("u", 1),
            Map.entry("v", 2),
            Map.entry("vs", 3),
            Map.entry("vb", 4),
            Map.entry("vd", 8),
            Map.entry("s", 5),
            Map.entry("t", 6),
            Map.entry("ut", 7));

    static final Set<String> STRINGS = Set.of("bn", "bu", "n", "u", "vs", "vd");
    static final Set<String> VALUES = Set.of("v", "vs", "vb", "vd");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9:./_]*");

    /**
     * Discovers the resources at {@code base} (a plain {@code coap://host:port/}), fetches each
     * SenML one in both formats, checks both and that they resolve to the same records; returns
     * each resource's resolved records (from JSON) by its path. {@code sameSnapshot}: the server's
     * data does not change between the two GETs (a test's fixed snapshot), so the records must be
     * equal; otherwise (a running firmware) their names, units and kinds of value must be.
     */
    public static Map<String, List<Map<String, Object>>> checkEveryResource(String base, boolean sameSnapshot)
            throws Exception {
        CoapResponse discovery = get(base, ".well-known/core", -1);
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
            CoapResponse json = get(base, path, Senml.CONTENT_FORMAT_JSON);
            CoapResponse cbor = get(base, path, Senml.CONTENT_FORMAT_CBOR);
            assertThat(json.getCode()).as(path).isEqualTo(ResponseCode.CONTENT);
            assertThat(cbor.getCode()).as(path).isEqualTo(ResponseCode.CONTENT);
            assertThat(json.getOptions().getContentFormat()).isEqualTo(Senml.CONTENT_FORMAT_JSON);
            assertThat(cbor.getOptions().getContentFormat()).isEqualTo(Senml.CONTENT_FORMAT_CBOR);
            List<Map<String, Object>> fromJson = resolve(path + " (JSON)", checkJson(path, json.getPayload()));
            List<Map<String, Object>> fromCbor = resolve(path + " (CBOR)", checkCbor(path, cbor.getPayload()));
            if (sameSnapshot && !path.startsWith("audit")) {
                assertThat(fromCbor)
                        .as(path + ": JSON and CBOR hold the same records")
                        .isEqualTo(fromJson);
            } else if (sameSnapshot) {
                // audit's base time is the time of the request, not of a snapshot
                assertThat(withoutTimes(fromCbor)).as(path).isEqualTo(withoutTimes(fromJson));
            } else {
                assertThat(shapes(fromCbor))
                        .as(path + ": JSON and CBOR hold the same names, units and kinds of value")
                        .isEqualTo(shapes(fromJson));
            }
            packs.put(link.getURI(), fromJson);
        }
        return packs;
    }

    /** JSON records with their labels, after checking the JSON-only rules (types, no null, exponent). */
    private static List<Map<String, Object>> checkJson(String path, byte[] payload) throws Exception {
        try (JsonParser p = new ObjectMapper().getFactory().createParser(payload)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                assertThat(t).as(path + ": SenML has no null").isNotEqualTo(JsonToken.VALUE_NULL);
                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                    assertThat(p.getText())
                            .as(path + ": RFC 8428 5, exponent 'e' in lower case")
                            .doesNotContain("E");
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
                    assertThat(v.isTextual())
                            .as(path + ": " + label + " is a string")
                            .isTrue();
                    fields.put(label, v.textValue());
                } else if (label.equals("vb")) {
                    assertThat(v.isBoolean()).as(path + ": vb is a boolean").isTrue();
                    fields.put(label, v.booleanValue());
                } else {
                    assertThat(v.isNumber())
                            .as(path + ": " + label + " is a number")
                            .isTrue();
                    fields.put(label, v.doubleValue());
                }
            });
            records.add(fields);
        }
        return records;
    }

    /** CBOR records keyed by the labels their integer keys stand for, after checking definite lengths and integer keys. */
    private static List<Map<String, Object>> checkCbor(String path, byte[] payload) throws Exception {
        Map<Integer, String> byCbor = new HashMap<>();
        LABELS.forEach((label, key) -> byCbor.put(key, label));
        List<Map<String, Object>> records = new ArrayList<>();
        try (CBORParser p = new CBORFactory().createParser(payload)) {
            assertThat(p.nextToken()).as(path).isEqualTo(JsonToken.START_ARRAY);
            assertThat(p.getParsingContext().hasExpectedLength())
                    .as(path + ": RFC 8428 6, a definite-length array")
                    .isTrue();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                assertThat(t).as(path).isEqualTo(JsonToken.START_OBJECT);
                assertThat(p.getParsingContext().hasExpectedLength())
                        .as(path + ": a definite-length map")
                        .isTrue();
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
                        assertThat(v)
                                .as(path + ": " + label + " is a text string")
                                .isEqualTo(JsonToken.VALUE_STRING);
                        fields.put(label, p.getText());
                    } else if (label.equals("vb")) {
                        assertThat(v.isBoolean()).as(path + ": vb is a boolean").isTrue();
                        fields.put(label, p.getBooleanValue());
                    } else {
                        assertThat(v.isNumeric())
                                .as(path + ": " + label + " is a number")
                                .isTrue();
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
                assertThat(values)
                        .as(what + ": RFC 8428 4.2, exactly one value field in " + r)
                        .isEqualTo(1);
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
            assertThat(nameAndTime.add(name + "@" + time))
                    .as(what + ": " + name + " once at each time")
                    .isTrue();
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

    /** Each record's name, unit and which value field it has: what stays when the values change. */
    private static List<String> shapes(List<Map<String, Object>> records) {
        return records.stream()
                .map(r -> r.get("n") + " " + r.get("u") + " "
                        + r.keySet().stream()
                                .filter(k -> VALUES.contains(k) || k.equals("s"))
                                .toList())
                .toList();
    }

    private static List<Map<String, Object>> withoutTimes(List<Map<String, Object>> records) {
        return records.stream()
                .map(r -> {
                    Map<String, Object> copy = new LinkedHashMap<>(r);
                    copy.remove("t");
                    return copy;
                })
                .toList();
    }

    public static List<String> names(List<Map<String, Object>> records) {
        return records.stream().map(r -> (String) r.get("n")).toList();
    }

    public static Object value(List<Map<String, Object>> records, String name) {
        return records.stream()
                .filter(r -> r.get("n").equals(name))
                .findFirst()
                .orElseGet(() -> fail("no record " + name))
                .get("v");
    }

    public static CoapResponse get(String base, String path, int accept) throws Exception {
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
}
