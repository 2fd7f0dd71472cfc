package org.healbms.firmware.coap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SenML (RFC 8428) packs in its JSON (content format 110) and CBOR (112) forms. The CBOR form uses
 * the RFC's integer labels (bn −2, bt −3, n 0, u 1, v 2, vs 3, vb 4, t 6) and definite lengths
 * (§6: a non-streaming pack MUST be a definite-length array), which is why it is written with the
 * CBOR generator directly rather than by mapping the JSON form.
 * <p>
 * Both forms are written from the same records by the same rules, so they always hold the same
 * pack: a number the firmware does not know (NaN) has no record at all, in either form. SenML has
 * no "unknown" value; a record without a value field is invalid (§4.2: exactly one value field
 * unless there is a sum), and a reader would take a missing {@code v} for 0 (§4.5.4), which for a
 * temperature or an impedance is a plausible and wrong number.
 */
public final class Senml {

    public static final int CONTENT_FORMAT_JSON = 110;
    public static final int CONTENT_FORMAT_CBOR = 112;

    /** RFC 8428 §4.5.1: what a resolved name (base name + name) may be. */
    static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9:./_]*");

    private static final Pattern INVALID_RUN = Pattern.compile("[^-A-Za-z0-9:./_]+");

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private Senml() {}

    /**
     * One record: a name (after the pack's base name), a unit (SenML's, "" for none), a value, and
     * the time it was measured (epoch seconds) when that is not the pack's base time: a record
     * then carries SenML's relative time {@code t}. A record with a {@code baseName} of its own
     * starts a new base name for itself and the records after it (RFC 8428 §4).
     */
    public record Entry(
            String name,
            String unit,
            Double value,
            String stringValue,
            Boolean boolValue,
            Double timeS,
            String baseName) {

        public static Entry number(String name, String unit, double value) {
            return new Entry(name, unit, value, null, null, null, null);
        }

        /** A count of things: SenML's unit {@code count}. */
        public static Entry count(String name, long value) {
            return number(name, "count", value);
        }

        public static Entry text(String name, String value) {
            return new Entry(name, "", null, value, null, null, null);
        }

        public static Entry flag(String name, boolean value) {
            return new Entry(name, "", null, null, value, null, null);
        }

        /** The same record, measured at {@code epochS}. */
        public Entry at(double epochS) {
            return new Entry(name, unit, value, stringValue, boolValue, epochS, baseName);
        }

        /** The same record, under a base name of its own (which the records after it inherit). */
        public Entry under(String newBaseName) {
            return new Entry(name, unit, value, stringValue, boolValue, timeS, newBaseName);
        }

        /** False for a number the firmware does not know (NaN): such a record is left out. */
        boolean known() {
            return value == null || Double.isFinite(value);
        }
    }

    /**
     * Names for one pack made from free text (a board's channel names, a rules file's rule ids):
     * each run of characters RFC 8428 §4.5.1 does not allow becomes one {@code _}
     * ({@code "cell 1 voltage"} is {@code cell_1_voltage}). Two texts that would give the same name
     * (say {@code "a b"} and {@code "a_b"}) must still name two records: the later one gets
     * {@code _2} (then {@code _3}, ...) appended, so names are unique within the pack and stable as
     * long as the texts and their order are.
     */
    static final class Names {
        private final Set<String> used = new HashSet<>();

        String of(String text) {
            String name = INVALID_RUN.matcher(text).replaceAll("_");
            String unique = name;
            for (int k = 2; !used.add(unique); k++) {
                unique = name + "_" + k;
            }
            return unique;
        }
    }

    public static byte[] json(String baseName, double baseTimeS, List<Entry> entries) {
        List<Entry> records = records(baseName, entries);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            boolean first = true;
            for (Entry e : records) {
                g.writeStartObject();
                if (first || e.baseName() != null) {
                    g.writeStringField("bn", e.baseName() != null ? e.baseName() : baseName);
                }
                if (first) {
                    g.writeFieldName("bt");
                    g.writeNumber(jsonNumber(baseTimeS));
                    first = false;
                }
                g.writeStringField("n", e.name());
                if (!e.unit().isEmpty()) {
                    g.writeStringField("u", e.unit());
                }
                if (e.timeS() != null) {
                    g.writeFieldName("t");
                    g.writeNumber(jsonNumber(e.timeS() - baseTimeS));
                }
                if (e.value() != null) {
                    g.writeFieldName("v");
                    g.writeNumber(jsonNumber(e.value()));
                } else if (e.stringValue() != null) {
                    g.writeStringField("vs", e.stringValue());
                } else {
                    g.writeBooleanField("vb", e.boolValue());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] cbor(String baseName, double baseTimeS, List<Entry> entries) {
        List<Entry> records = records(baseName, entries);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeStartArray(records, records.size());
            boolean first = true;
            for (Entry e : records) {
                boolean bn = first || e.baseName() != null;
                int fields =
                        (bn ? 1 : 0) + (first ? 1 : 0) + 2 + (e.unit().isEmpty() ? 0 : 1) + (e.timeS() != null ? 1 : 0);
                g.writeStartObject(e, fields);
                if (bn) {
                    g.writeFieldId(-2);
                    g.writeString(e.baseName() != null ? e.baseName() : baseName);
                }
                if (first) {
                    g.writeFieldId(-3);
                    g.writeNumber(baseTimeS);
                    first = false;
                }
                g.writeFieldId(0);
                g.writeString(e.name());
                if (!e.unit().isEmpty()) {
                    g.writeFieldId(1);
                    g.writeString(e.unit());
                }
                if (e.timeS() != null) {
                    g.writeFieldId(6);
                    g.writeNumber(e.timeS() - baseTimeS);
                }
                if (e.value() != null) {
                    g.writeFieldId(2);
                    g.writeNumber(e.value());
                } else if (e.stringValue() != null) {
                    g.writeFieldId(3);
                    g.writeString(e.stringValue());
                } else {
                    g.writeFieldId(4);
                    g.writeBoolean(e.boolValue());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The records both forms write: the known ones. A pack with none, or a name that is not valid
     * SenML once resolved, is a programming error in a resource, refused here rather than sent.
     */
    private static List<Entry> records(String baseName, List<Entry> entries) {
        List<Entry> known = entries.stream().filter(Entry::known).toList();
        if (known.isEmpty()) {
            // RFC 8428 §11 (SenML-Pack = [1* record]) and §7 (senml+): a pack has at least one record.
            throw new IllegalArgumentException("a SenML pack needs at least one record: " + baseName);
        }
        String base = baseName;
        for (Entry e : known) {
            base = e.baseName() != null ? e.baseName() : base;
            if (!VALID_NAME.matcher(base + e.name()).matches()) {
                throw new IllegalArgumentException(
                        "not a valid SenML name (RFC 8428 4.5.1): '" + base + e.name() + "'");
            }
        }
        return known;
    }

    /** A JSON number as RFC 8428 §5 wants it: an exponent, if any, with a lower-case "e". */
    private static String jsonNumber(double v) {
        return Double.toString(v).replace('E', 'e');
    }
}
