package org.healbms.twin.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.healbms.twin.pack.Fleet;

/**
 * The twin's topology: telemetry keyed by pack id → {@link PackTwinProcessor} with the per-pack state
 * store (changelogged, so an instance that takes a partition over restores its packs' filters,
 * stories and detectors) → estimates, life stories, signature changes, and dead letters for what it
 * refuses. Keying by pack id is what scales it: a pack's
 * records land on one partition, so one task owns its state, and partitions spread over instances.
 */
public final class TwinTopology {

    static final String SOURCE = "telemetry";
    static final String PROCESSOR = "pack-twin";
    static final String ESTIMATES_SINK = "estimates";
    static final String LIFE_STORY_SINK = "life-story";
    static final String SIGNATURES_SINK = "signatures";
    static final String DEAD_LETTER_SINK = "dead-letters";

    /** Built estimators kept per task, in cells: about 1 GB of heap for a full one. */
    public static final long DEFAULT_LIVE_CELLS = 400_000;

    /** Where a task keeps its packs' state between records; the changelog backs both. */
    public enum StoreKind {
        /** RocksDB on local disk: a restarted instance restores only what its disk lacks. */
        PERSISTENT,
        /** On the heap: restored whole from the changelog on every start. */
        IN_MEMORY
    }

    private TwinTopology() {}

    /** The fleet's topology, on the fleet's topics ({@link TopicNames#FLEET}). */
    public static Topology build(Fleet fleet, StoreKind kind, long maxLiveCells) {
        return build(fleet, kind, maxLiveCells, TopicNames.FLEET);
    }

    public static Topology build(Fleet fleet, StoreKind kind, long maxLiveCells, TopicNames topics) {
        KeyValueBytesStoreSupplier supplier = kind == StoreKind.PERSISTENT
                ? Stores.persistentKeyValueStore(TwinTopics.STATE_STORE)
                : Stores.inMemoryKeyValueStore(TwinTopics.STATE_STORE);
        Topology topology = new Topology();
        topology.addSource(
                SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics.telemetry());
        topology.addProcessor(PROCESSOR, () -> new PackTwinProcessor(fleet, maxLiveCells), SOURCE);
        // Caching lets a commit send each pack's latest state to the changelog once, not once per tick.
        topology.addStateStore(
                Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                PROCESSOR);
        topology.addSink(
                ESTIMATES_SINK,
                topics.estimates(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        topology.addSink(
                LIFE_STORY_SINK,
                topics.lifeStory(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        topology.addSink(
                SIGNATURES_SINK,
                topics.signatures(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        topology.addSink(
                DEAD_LETTER_SINK,
                topics.deadLetters(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        return topology;
    }
}
