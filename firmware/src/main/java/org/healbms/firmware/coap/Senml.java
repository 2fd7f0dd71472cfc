package org.healbms.firmware.coap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * SenML (RFC 8428) packs in its JSON (content format 110) and CBOR (112) forms. The CBOR form uses
 * the RFC's integer labels (bn −2, bt −3, n 0, u 1, v 2, vs 3, vb 4, t 6), which is why it is written
 * with the CBOR generator directly rather than by mapping the JSON form.
 */
public final class Senml {

    public static final int CONTENT_FORMAT_JSON = 110;
    public static final int CONTENT_FORMAT_CBOR = 112;

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private Senml() {
    }

    /**
     * One record: a name (after the pack's base name), a unit (SenML's, "" for none), a value, and
     * the time it was measured (epoch seconds) when that is not the pack's base time: a record
     * then carries SenML's relative time {@code t}.
     */
    public record Entry(String name, String unit, Double value, String stringValue, Boolean boolValue, Double timeS) {

        public static Entry number(String name, String unit, double value) {
            return new Entry(name, unit, value, null, null, null);
        }

        public static Entry text(String name, String value) {
            return new Entry(name, "", null, value, null, null);
        }

        public static Entry flag(String name, boolean value) {
            return new Entry(name, "", null, null, value, null);
        }

        /** The same record, measured at {@code epochS}. */
        public Entry at(double epochS) {
            return new Entry(name, unit, value, stringValue, boolValue, epochS);
        }
    }

    public static byte[] json(String baseName, double baseTimeS, List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            boolean first = true;
            for (Entry e : entries) {
                g.writeStartObject();
                if (first) {
                    g.writeStringField("bn", baseName);
                    g.writeNumberField("bt", baseTimeS);
                    first = false;
                }
                g.writeStringField("n", e.name());
                if (!e.unit().isEmpty()) {
                    g.writeStringField("u", e.unit());
                }
                if (e.timeS() != null) {
                    g.writeNumberField("t", e.timeS() - baseTimeS);
                }
                if (e.value() != null) {
                    if (Double.isFinite(e.value())) {
                        g.writeNumberField("v", e.value());
                    } else {
                        g.writeNullField("v"); // unknown: SenML has no NaN; a reader sees "no value"
                    }
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeStartArray();
            boolean first = true;
            for (Entry e : entries) {
                g.writeStartObject();
                if (first) {
                    g.writeFieldId(-2);
                    g.writeString(baseName);
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
                    if (Double.isFinite(e.value())) {
                        g.writeFieldId(2);
                        g.writeNumber(e.value());
                    }
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
}
