package org.healbms.cli.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * Feeds the twin from a fleet of real controllers: observes each pack's {@code frame} resource
 * (the firmware's telemetry record, JSON) and produces every notification to the telemetry topic
 * as it came, keyed by the pack's id. The gateway does not judge a record: the twin refuses what it
 * cannot apply (to its dead letters, with the reason), so there is one place that decides. An answer
 * that is not 2.05 JSON (4.01 without a key, 5.03 before the pack's first tick) is counted, not sent.
 */
public final class FrameGateway implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Map<String, Pack> packs = new LinkedHashMap<>();
    private final List<CoapClient> clients = new ArrayList<>();
    private final List<CoapObserveRelation> relations = new ArrayList<>();

    /** What one pack has sent so far. */
    public record Counts(long forwarded, long repeated, long refused, long failed, String lastProblem) {}

    private static final class Pack {
        final AtomicLong forwarded = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong repeated = new AtomicLong();
        volatile String lastProblem = "";
        /** The last record sent: CoAP may deliver a notification again, or the first one twice. */
        byte[] last;
    }

    public FrameGateway(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Starts observing the packs; notifications come on Californium's threads from now on. */
    public void start(List<PackEndpoint> endpoints, CoapLink link) {
        for (PackEndpoint e : endpoints) {
            if (packs.containsKey(e.packId())) {
                throw new IllegalArgumentException("pack " + e.packId() + " is given twice");
            }
            packs.put(e.packId(), new Pack());
        }
        for (PackEndpoint e : endpoints) {
            CoapClient client = link.client(e);
            clients.add(client);
            relations.add(
                    client.observe(handler(e.packId(), packs.get(e.packId())), MediaTypeRegistry.APPLICATION_JSON));
        }
    }

    private CoapHandler handler(String packId, Pack pack) {
        return new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                if (response.getCode() != ResponseCode.CONTENT
                        || response.getOptions().getContentFormat() != MediaTypeRegistry.APPLICATION_JSON) {
                    pack.refused.incrementAndGet();
                    pack.lastProblem = response.getCode() + " " + response.getResponseText();
                    return;
                }
                byte[] payload = response.getPayload();
                synchronized (pack) {
                    if (Arrays.equals(payload, pack.last)) {
                        pack.repeated.incrementAndGet();
                        return;
                    }
                    pack.last = payload;
                }
                producer.send(new ProducerRecord<>(topic, packId, payload), (metadata, e) -> {
                    if (e == null) {
                        pack.forwarded.incrementAndGet();
                    } else {
                        pack.failed.incrementAndGet();
                        pack.lastProblem = "not produced: " + e.getMessage();
                    }
                });
            }

            @Override
            public void onError() {
                pack.failed.incrementAndGet();
                pack.lastProblem = "no answer from the pack";
            }
        };
    }

    /**
     * Per pack, in the order given: records produced, notifications that repeated the last record
     * (not sent again), answers not forwarded, failures.
     */
    public Map<String, Counts> counts() {
        Map<String, Counts> out = new LinkedHashMap<>();
        packs.forEach((id, p) -> out.put(
                id, new Counts(p.forwarded.get(), p.repeated.get(), p.refused.get(), p.failed.get(), p.lastProblem)));
        return out;
    }

    /** Stops observing (the packs are told), then flushes what was produced, so the counts are final. */
    @Override
    public void close() {
        relations.forEach(CoapObserveRelation::proactiveCancel);
        clients.forEach(CoapClient::shutdown);
        producer.flush();
    }
}
