package org.healbms.twin.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.healbms.core.life.EventCount;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.life.Throughput;
import org.healbms.twin.pack.PackEstimate;
import org.healbms.twin.pack.PackModel;

/**
 * A pack's life story on the wire, in the names the firmware's passport uses for it:
 *
 * <pre>{"tick": 42, "time_ns": ..., "first_epoch_ms": ..., "last_update_epoch_ms": ..., "operating_s": 3600.0,
 *  "history_lost": {"count": 0, "last_epoch_ms": -1},
 *  "pack": {"charge_ah": 1.2, "discharge_ah": 3.4, "charge_kwh": ..., "discharge_kwh": ...,
 *           "equivalent_full_cycles": 0.8, "extreme_high_temperature_s": 0.0, ...,
 *           "deep_discharges": {"count": 0, "last_epoch_ms": -1}, "overcharges": {...}},
 *  "cells": [{...}, ...], "faults": {}}</pre>
 *
 * Equivalent full cycles are throughput over twice the cell file's capacity. The twin sees no
 * protection faults (telemetry carries none), so {@code faults} is what the story was restored with.
 */
public final class LifeStoryJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private LifeStoryJson() {}

    public static byte[] write(PackEstimate at, LifeStoryRecord story, PackModel model) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(512 + 400 * story.cells().size());
        double ratedAh = model.cell().capacityAh();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("tick", at.tick());
            g.writeNumberField("time_ns", at.timeNanos());
            g.writeNumberField("first_epoch_ms", story.firstEpochMs());
            g.writeNumberField("last_update_epoch_ms", story.lastUpdateEpochMs());
            g.writeNumberField("operating_s", story.operatingS());
            events(g, "history_lost", story.historyLost());
            g.writeFieldName("pack");
            throughput(g, story.pack(), ratedAh);
            g.writeArrayFieldStart("cells");
            for (Throughput t : story.cells()) {
                throughput(g, t, ratedAh);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("faults");
            for (var f : story.faults().entrySet()) {
                events(g, f.getKey(), f.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void throughput(JsonGenerator g, Throughput t, double ratedAh) throws IOException {
        g.writeStartObject();
        g.writeNumberField("charge_ah", t.chargeAh());
        g.writeNumberField("discharge_ah", t.dischargeAh());
        g.writeNumberField("charge_kwh", t.chargeKWh());
        g.writeNumberField("discharge_kwh", t.dischargeKWh());
        g.writeNumberField("equivalent_full_cycles", t.equivalentFullCycles(ratedAh));
        g.writeNumberField("extreme_high_temperature_s", t.extremeHighS());
        g.writeNumberField("extreme_low_temperature_s", t.extremeLowS());
        g.writeNumberField("extreme_high_temperature_charging_s", t.extremeHighChargingS());
        g.writeNumberField("extreme_low_temperature_charging_s", t.extremeLowChargingS());
        events(g, "deep_discharges", t.deepDischarges());
        events(g, "overcharges", t.overcharges());
        g.writeEndObject();
    }

    private static void events(JsonGenerator g, String field, EventCount c) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("count", c.count());
        g.writeNumberField("last_epoch_ms", c.lastEpochMs());
        g.writeEndObject();
    }
}
