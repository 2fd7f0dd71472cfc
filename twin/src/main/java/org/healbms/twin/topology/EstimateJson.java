package org.healbms.twin.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.healbms.twin.pack.PackEstimate;

/**
 * A pack estimate on the wire, per cell in arrays, fractions not percent, null where not learned:
 *
 * <pre>{"tick": 42, "time_ns": 1767225600000000000, "soc": [0.81], "soc_sigma": [0.004],
 *  "capacity_ah": [2.86], "capacity_sigma_ah": [0.03], "soh_capacity": [0.98], "soh_capacity_sigma": [0.01],
 *  "soh_resistance": [1.12], "soh_resistance_sigma": [0.05]}</pre>
 *
 * Numbers carry all their digits: a reader gets the estimator's own doubles.
 */
public final class EstimateJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private EstimateJson() {}

    public static byte[] write(PackEstimate e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 160 * e.cells());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("tick", e.tick());
            g.writeNumberField("time_ns", e.timeNanos());
            numbers(g, "soc", e.soc(), 1);
            numbers(g, "soc_sigma", e.socSigma(), 1);
            numbers(g, "capacity_ah", e.capacityAh(), 1);
            numbers(g, "capacity_sigma_ah", e.capacitySigmaAh(), 1);
            numbers(g, "soh_capacity", e.capacityAh(), e.ratedCapacityAh());
            numbers(g, "soh_capacity_sigma", e.capacitySigmaAh(), e.ratedCapacityAh());
            numbers(g, "soh_resistance", e.resistanceScale(), 1);
            numbers(g, "soh_resistance_sigma", e.resistanceScaleSigma(), 1);
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void numbers(JsonGenerator g, String field, double[] values, double divisor) throws IOException {
        g.writeArrayFieldStart(field);
        for (double v : values) {
            double d = divisor == 1 ? v : v / divisor;
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        }
        g.writeEndArray();
    }
}
