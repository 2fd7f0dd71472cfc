package org.healbms.twin.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.healbms.twin.pack.Fleet;
import org.healbms.twin.pack.PackModel;
import org.healbms.twin.pack.PackTwin;
import org.healbms.twin.pack.SignatureChange;
import org.healbms.twin.pack.TwinStateBytes;
import org.healbms.twin.telemetry.TelemetryFormatException;
import org.healbms.twin.telemetry.TelemetryJson;
import org.healbms.twin.telemetry.TelemetryRecord;

/**
 * Applies each pack's telemetry to its twin: the state comes from the store (the estimator is kept
 * built while memory allows), is stepped, and goes back to the store before the estimate is sent on.
 * A record that cannot be applied goes to the dead letters with its reason, and the pack's state is
 * not touched.
 */
final class PackTwinProcessor implements Processor<String, byte[], String, byte[]> {

    private final Fleet fleet;
    private final long maxLiveCells;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private LiveTwins live;

    PackTwinProcessor(Fleet fleet, long maxLiveCells) {
        this.fleet = fleet;
        this.maxLiveCells = maxLiveCells;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(TwinTopics.STATE_STORE);
        // Built estimators are only a copy of the store: a (re)initialised task starts from the store alone.
        this.live = new LiveTwins(maxLiveCells);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String pack = record.key();
        if (pack == null || pack.isBlank()) {
            deadLetter(record, "the record has no pack id (its key)");
            return;
        }
        TelemetryRecord telemetry;
        try {
            telemetry = TelemetryJson.read(record.value());
        } catch (TelemetryFormatException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        PackTwin twin = live.get(pack);
        if (twin == null) {
            PackModel model = fleet.model(pack);
            if (model == null) {
                deadLetter(record, "pack " + pack + " is not in the fleet");
                return;
            }
            byte[] saved = store.get(pack);
            try {
                twin = saved == null ? PackTwin.start(model) : PackTwin.resume(model, TwinStateBytes.read(saved));
            } catch (IllegalArgumentException e) {
                deadLetter(record, "the pack's stored state cannot be continued: " + e.getMessage());
                return;
            }
            live.put(pack, twin);
        }
        String refusal = twin.refusal(telemetry);
        if (refusal != null) {
            deadLetter(record, refusal);
            return;
        }
        PackTwin.Step step = twin.apply(telemetry);
        store.put(pack, TwinStateBytes.write(step.state()));
        context.forward(record.withValue(EstimateJson.write(step.estimate())), TwinTopology.ESTIMATES_SINK);
        if (step.story() != null) {
            context.forward(
                    record.withValue(LifeStoryJson.write(step.estimate(), step.story(), twin.model())),
                    TwinTopology.LIFE_STORY_SINK);
        }
        for (SignatureChange change : step.signatures()) {
            context.forward(
                    record.withValue(SignatureJson.write(pack, step.estimate(), change)), TwinTopology.SIGNATURES_SINK);
        }
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        Record<String, byte[]> letter =
                record.withHeaders(new RecordHeaders(record.headers().toArray()));
        letter.headers().add(TwinTopics.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        context.forward(letter, TwinTopology.DEAD_LETTER_SINK);
    }

    @Override
    public void close() {
        live.clear();
    }
}
