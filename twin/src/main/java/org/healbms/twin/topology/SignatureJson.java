package org.healbms.twin.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.twin.pack.PackEstimate;
import org.healbms.twin.pack.SignatureChange;

/**
 * A signature that became active or cleared, on the wire, one record per change:
 *
 * <pre>{"pack": "pack-7", "tick": 42, "time_ns": ..., "cell": 3, "signature": "hot_spot", "state": "active",
 *  "severity": 0.55, "confidence": 0.83, "evidence": "33.2 degC, 8.2 K above ...", "since_ns": ...}</pre>
 *
 * The signature in the healing rules' names; cell 0 is the pack. A cleared one has
 * {@code "state": "cleared"} and null severity, confidence, evidence and since.
 */
public final class SignatureJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private SignatureJson() {}

    public static byte[] write(String pack, PackEstimate at, SignatureChange change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("pack", pack);
            g.writeNumberField("tick", at.tick());
            g.writeNumberField("time_ns", at.timeNanos());
            g.writeNumberField("cell", change.cell());
            g.writeStringField("signature", change.kind().ruleName());
            g.writeStringField("state", change.active() ? "active" : "cleared");
            DegradationSignature s = change.signature();
            if (s == null) {
                g.writeNullField("severity");
                g.writeNullField("confidence");
                g.writeNullField("evidence");
                g.writeNullField("since_ns");
            } else {
                g.writeNumberField("severity", s.severity());
                g.writeNumberField("confidence", s.confidence());
                g.writeStringField("evidence", s.evidence());
                g.writeNumberField("since_ns", s.sinceNanos());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }
}
