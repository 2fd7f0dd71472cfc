package org.healbms.twin.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.healbms.core.reading.Quality;

/**
 * The telemetry record on the wire: one JSON object per pack per tick, keyed by the pack id.
 *
 * <pre>{"tick": 42, "time_ns": 1767225600000000000,
 *  "current_a": -2.5, "current_quality": "ok",
 *  "cell_voltage_v": [3.71, 3.70], "cell_voltage_quality": ["ok", "ok"],
 *  "cell_temperature_degc": [25.1, null], "cell_temperature_quality": ["ok", "sensor_fault"],
 *  "protection_faults": ["temperature_measurement"]}</pre>
 *
 * Qualities are {@link Quality}'s names in lower case; a value that is not "ok" may be null. Numbers
 * are written with all their digits, so the twin sees exactly what the pack measured. The active
 * protection faults are the firmware's fault ids in lower case; a record without the field (from a
 * firmware before it) has none.
 */
public final class TelemetryJson {

    /** Correctly rounded either way (Schubfach out, FastDoubleParser in), several times faster than the JDK's parse. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final JsonFactory FACTORY = JSON.getFactory();

    private static final Quality[] QUALITIES = Quality.values();
    /** A fault id as the firmware writes it; a newer firmware's ids are counted too, not refused. */
    private static final Pattern FAULT_ID = Pattern.compile("[a-z][a-z0-9_]*");

    private static final String[] NAMES =
            Arrays.stream(QUALITIES).map(q -> q.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private TelemetryJson() {}

    public static byte[] write(TelemetryRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 48 * r.cells());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("tick", r.tick());
            g.writeNumberField("time_ns", r.timeNanos());
            number(g, "current_a", r.currentA());
            g.writeStringField("current_quality", name(r.currentQuality()));
            numbers(g, "cell_voltage_v", r.cellVoltageV());
            qualities(g, "cell_voltage_quality", r.cellVoltageQuality());
            numbers(g, "cell_temperature_degc", r.cellTemperatureDegC());
            qualities(g, "cell_temperature_quality", r.cellTemperatureQuality());
            g.writeArrayFieldStart("protection_faults");
            for (String fault : r.protectionFaults()) {
                g.writeString(fault.toLowerCase(Locale.ROOT));
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** Reads one record; the exception names the field and the problem. */
    public static TelemetryRecord read(byte[] bytes) throws TelemetryFormatException {
        if (bytes == null) {
            throw new TelemetryFormatException("the record has no value");
        }
        JsonNode o;
        try {
            o = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new TelemetryFormatException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TelemetryFormatException("not JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new TelemetryFormatException("not a JSON object");
        }
        long tick = integer(o, "tick");
        long time = integer(o, "time_ns");
        Quality currentQuality = quality(o.get("current_quality"), "current_quality", -1);
        double current = value(o.get("current_a"), "current_a", -1, currentQuality);
        JsonNode voltages = array(o, "cell_voltage_v");
        int cells = voltages.size();
        if (cells == 0) {
            throw new TelemetryFormatException("cell_voltage_v is empty: a pack has at least one cell");
        }
        JsonNode voltageQualities = array(o, "cell_voltage_quality", cells);
        JsonNode temperatures = array(o, "cell_temperature_degc", cells);
        JsonNode temperatureQualities = array(o, "cell_temperature_quality", cells);
        double[] v = new double[cells];
        Quality[] vq = new Quality[cells];
        double[] t = new double[cells];
        Quality[] tq = new Quality[cells];
        for (int k = 0; k < cells; k++) {
            vq[k] = quality(voltageQualities.get(k), "cell_voltage_quality", k);
            v[k] = value(voltages.get(k), "cell_voltage_v", k, vq[k]);
            tq[k] = quality(temperatureQualities.get(k), "cell_temperature_quality", k);
            t[k] = value(temperatures.get(k), "cell_temperature_degc", k, tq[k]);
        }
        return new TelemetryRecord(tick, time, current, currentQuality, v, vq, t, tq, faults(o));
    }

    /** The active protection faults by the firmware's fault ids (upper case); none when the field is absent. */
    private static List<String> faults(JsonNode o) throws TelemetryFormatException {
        JsonNode n = o.get("protection_faults");
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new TelemetryFormatException("protection_faults must be an array, got " + n);
        }
        List<String> ids = new ArrayList<>(n.size());
        for (int k = 0; k < n.size(); k++) {
            JsonNode f = n.get(k);
            if (!f.isTextual() || !FAULT_ID.matcher(f.asText()).matches()) {
                throw new TelemetryFormatException(place("protection_faults", k)
                        + " must be a fault id (lower case letters, digits, _), got " + f);
            }
            String id = f.asText().toUpperCase(Locale.ROOT);
            if (ids.contains(id)) {
                throw new TelemetryFormatException("protection_faults names " + f.asText() + " twice");
            }
            ids.add(id);
        }
        return ids;
    }

    private static long integer(JsonNode o, String field) throws TelemetryFormatException {
        JsonNode n = o.get(field);
        if (n == null || !n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            throw new TelemetryFormatException(field + " must be an integer, got " + n);
        }
        return n.asLong();
    }

    private static JsonNode array(JsonNode o, String field) throws TelemetryFormatException {
        JsonNode n = o.get(field);
        if (n == null || !n.isArray()) {
            throw new TelemetryFormatException(field + " must be an array, got " + n);
        }
        return n;
    }

    private static JsonNode array(JsonNode o, String field, int cells) throws TelemetryFormatException {
        JsonNode n = array(o, field);
        if (n.size() != cells) {
            throw new TelemetryFormatException(field + " has " + n.size() + " entries but cell_voltage_v has " + cells);
        }
        return n;
    }

    /** The field's name as an error names it: {@code cell_voltage_v[3]}, or the field alone for index -1. */
    private static String place(String field, int index) {
        return index < 0 ? field : field + "[" + index + "]";
    }

    private static double value(JsonNode n, String field, int index, Quality quality) throws TelemetryFormatException {
        if (n != null && n.isNumber()) {
            double d = n.asDouble();
            if (quality == Quality.OK && !Double.isFinite(d)) {
                throw new TelemetryFormatException(place(field, index) + " is " + d + " but its quality is ok");
            }
            return d;
        }
        if (n == null || n.isNull()) {
            if (quality == Quality.OK) {
                throw new TelemetryFormatException(place(field, index) + " has no value but its quality is ok");
            }
            return Double.NaN;
        }
        throw new TelemetryFormatException(place(field, index) + " must be a number or null, got " + n);
    }

    private static Quality quality(JsonNode n, String field, int index) throws TelemetryFormatException {
        if (n != null && n.isTextual()) {
            for (Quality q : QUALITIES) {
                if (name(q).equals(n.asText())) {
                    return q;
                }
            }
        }
        throw new TelemetryFormatException(place(field, index) + " must be one of ok, stale, out_of_range, comms_fault,"
                + " sensor_fault, got " + n);
    }

    private static String name(Quality q) {
        return NAMES[q.ordinal()];
    }

    private static void number(JsonGenerator g, String field, double value) throws IOException {
        g.writeFieldName(field);
        number(g, value);
    }

    private static void number(JsonGenerator g, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumber(value);
        } else {
            g.writeNull();
        }
    }

    private static void numbers(JsonGenerator g, String field, double[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (double v : values) {
            number(g, v);
        }
        g.writeEndArray();
    }

    private static void qualities(JsonGenerator g, String field, Quality[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (Quality q : values) {
            g.writeString(name(q));
        }
        g.writeEndArray();
    }
}
