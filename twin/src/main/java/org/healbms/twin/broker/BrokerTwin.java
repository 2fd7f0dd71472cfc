package org.healbms.twin.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.healbms.twin.topology.TwinTopics;

/**
 * The twin's topology run by a real {@link KafkaStreams} instance against a broker: the same
 * processors and store as under the test driver, with the store backed by its changelog topic on
 * the broker, so another instance with the same application id takes packs over with their state.
 * A stream thread that fails stops this instance (rather than being replaced and failing again on
 * the same record), and {@link #awaitRunning} and {@link #failure} say why.
 */
public final class BrokerTwin implements AutoCloseable {

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param bootstrap     the broker's HOST:PORT list
     * @param applicationId the twin's consumer group and its internal topics' prefix; instances
     *                      with the same id share the packs
     * @param stateDir      where this instance keeps its stores' checkpoints
     * @param threads       stream threads (each runs one task at a time)
     */
    public BrokerTwin(Topology topology, String bootstrap, String applicationId, Path stateDir, int threads) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        // One broker: the internal topics (the store's changelog) cannot have more replicas than that.
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        this.streams = new KafkaStreams(topology, p);
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /** Starts the instance and waits until it has its tasks and runs them. */
    public void awaitRunning(Duration timeout) throws InterruptedException, TimeoutException {
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (failure.get() != null
                    || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the twin stopped while starting: " + reason(), failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the twin did not reach RUNNING within " + timeout + " (state "
                        + streams.state() + "); is the broker at the bootstrap address up?");
            }
            Thread.sleep(50);
        }
    }

    /** Why the instance stopped, or null while it runs. */
    public Throwable failure() {
        return failure.get();
    }

    private String reason() {
        Throwable t = failure.get();
        return t == null ? "state " + streams.state() : t.toString();
    }

    /** Records its stream threads have processed (telemetry in, refused ones too). */
    public long recordsProcessed() {
        double total = 0;
        for (var e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.group().equals("stream-thread-metrics") && n.name().equals("process-total")) {
                Metric m = e.getValue();
                if (m.metricValue() instanceof Number v) {
                    total += v.doubleValue();
                }
            }
        }
        return Math.round(total);
    }

    /** The pack's stored state on this instance (null when another instance has the pack, or none yet). */
    public byte[] storedState(String pack) {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(
                StoreQueryParameters.fromNameAndType(TwinTopics.STATE_STORE, QueryableStoreTypes.keyValueStore()));
        return store.get(pack);
    }

    /**
     * Stops the threads (committing what they processed), leaves the group so that the packs go to the
     * other instances at once rather than after the session timeout, and removes the local state (the
     * changelog has it).
     */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streams.cleanUp();
    }
}
