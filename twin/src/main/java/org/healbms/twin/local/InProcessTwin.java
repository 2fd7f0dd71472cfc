package org.healbms.twin.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.healbms.twin.topology.TwinTopics;

/**
 * The twin's topology run in this process by Kafka Streams' own test driver: the same processors and
 * state store, with the topics as in-memory queues and no broker. A state directory reused by a new
 * instance holds what the last one stored (persistent store), like an instance restarted on its disk.
 * Output is drained as it is read, and the changelog (which the driver also captures) is counted
 * and dropped, so a long run holds no more than one batch in memory.
 */
public final class InProcessTwin implements AutoCloseable {

    public static final String APPLICATION_ID = "healbms-twin";

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> telemetry;
    private final TestOutputTopic<String, byte[]> estimates;
    private final TestOutputTopic<String, byte[]> lifeStories;
    private final TestOutputTopic<String, byte[]> signatures;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final TestOutputTopic<byte[], byte[]> changelog;
    private long changelogRecords;
    private long changelogBytes;

    public InProcessTwin(Topology topology, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "in-process:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, p, Instant.EPOCH);
        telemetry = driver.createInputTopic(TwinTopics.TELEMETRY, new StringSerializer(), new ByteArraySerializer());
        estimates =
                driver.createOutputTopic(TwinTopics.ESTIMATES, new StringDeserializer(), new ByteArrayDeserializer());
        lifeStories =
                driver.createOutputTopic(TwinTopics.LIFE_STORY, new StringDeserializer(), new ByteArrayDeserializer());
        signatures =
                driver.createOutputTopic(TwinTopics.SIGNATURES, new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(
                TwinTopics.DEAD_LETTERS, new StringDeserializer(), new ByteArrayDeserializer());
        changelog = driver.createOutputTopic(
                TwinTopics.changelog(APPLICATION_ID), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** One telemetry record (JSON) for the pack, as its gateway would produce it. */
    public void send(String pack, byte[] record, long timestampMs) {
        telemetry.pipeInput(pack, record, timestampMs);
    }

    /** The estimates produced since the last call, in order. */
    public List<TestRecord<String, byte[]>> estimates() {
        return estimates.readRecordsToList();
    }

    /** The life-story updates produced since the last call, in order. */
    public List<TestRecord<String, byte[]>> lifeStories() {
        return lifeStories.readRecordsToList();
    }

    /** The signature changes produced since the last call, in order. */
    public List<TestRecord<String, byte[]>> signatures() {
        return signatures.readRecordsToList();
    }

    /** The records refused since the last call, with their reasons. */
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        for (TestRecord<String, byte[]> r : deadLetters.readRecordsToList()) {
            Header reason = r.headers().lastHeader(TwinTopics.REASON_HEADER);
            letters.add(new DeadLetter(
                    r.key(), r.value(), reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8)));
        }
        return letters;
    }

    /** The changelog records written since the last call (key and value), which the driver would otherwise keep. */
    public List<TestRecord<byte[], byte[]>> changelog() {
        List<TestRecord<byte[], byte[]>> records = changelog.readRecordsToList();
        for (TestRecord<byte[], byte[]> r : records) {
            changelogRecords++;
            changelogBytes += r.key().length + (r.value() == null ? 0 : r.value().length);
        }
        return records;
    }

    public long changelogRecords() {
        return changelogRecords;
    }

    public long changelogBytes() {
        return changelogBytes;
    }

    /** The pack's stored state, as the store holds it (null for a pack never applied). */
    public byte[] storedState(String pack) {
        return driver.<String, byte[]>getKeyValueStore(TwinTopics.STATE_STORE).get(pack);
    }

    /** Puts a pack's state in the store as a changelog restore does, for an instance that has only the changelog. */
    public void restore(byte[] pack, byte[] state) {
        driver.<String, byte[]>getKeyValueStore(TwinTopics.STATE_STORE)
                .put(new String(pack, StandardCharsets.UTF_8), state);
    }

    @Override
    public void close() {
        driver.close();
    }

    /** A refused record: its pack, its bytes as they came, and why. */
    public record DeadLetter(String pack, byte[] record, String reason) {}
}
