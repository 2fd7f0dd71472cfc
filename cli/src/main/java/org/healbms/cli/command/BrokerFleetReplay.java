package org.healbms.cli.command;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.twin.broker.BrokerTwin;
import org.healbms.twin.pack.Fleet;
import org.healbms.twin.telemetry.TelemetryJson;
import org.healbms.twin.topology.TopicNames;
import org.healbms.twin.topology.TwinTopics;
import org.healbms.twin.topology.TwinTopology;

/**
 * {@link FleetReplay} against a real broker: the packs' records are produced to a telemetry topic,
 * a twin run by Kafka Streams ({@link BrokerTwin}) applies them, and the estimates are consumed
 * back and checked against {@code healbms replay} on the same rows. The run has topics and an
 * application id of its own ({@link TopicNames#forRun}), deleted afterwards, so a fleet's topics on
 * the same broker are neither read nor written.
 */
final class BrokerFleetReplay {

    /** Records between reads of the outputs while producing: the consumer keeps up as the twin does. */
    private static final int POLL_EVERY = 4096;
    /** How long the outputs may stay silent before the run is given up. */
    private static final Duration STALL = Duration.ofSeconds(120);

    private BrokerFleetReplay() {}

    static FleetReplay.Result run(
            List<TraceTelemetry> traces,
            CellParameters cell,
            int packs,
            int cellsPerPack,
            LifeStoryLimits life,
            String bootstrap,
            int streamThreads)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        String run = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = TopicNames.forRun(run);
        String applicationId = "healbms-twin-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // As many partitions as stream threads: each thread owns its packs' partition.
            admin.createTopics(List.of(
                            new NewTopic(topics.telemetry(), Optional.of(streamThreads), Optional.empty()),
                            new NewTopic(topics.estimates(), Optional.of(streamThreads), Optional.empty()),
                            new NewTopic(topics.lifeStory(), Optional.of(streamThreads), Optional.empty()),
                            new NewTopic(topics.signatures(), Optional.of(streamThreads), Optional.empty()),
                            new NewTopic(topics.deadLetters(), Optional.of(1), Optional.empty())))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            Path stateDir = Files.createTempDirectory("healbms-twin");
            try {
                return replay(
                        FleetReplay.fleet(traces, cell, cellsPerPack, life),
                        traces,
                        packs,
                        cellsPerPack,
                        bootstrap,
                        streamThreads,
                        topics,
                        applicationId,
                        stateDir);
            } finally {
                admin.deleteTopics(List.of(
                                topics.telemetry(),
                                topics.estimates(),
                                topics.lifeStory(),
                                topics.signatures(),
                                topics.deadLetters(),
                                TwinTopics.changelog(applicationId)))
                        .all()
                        .get(60, TimeUnit.SECONDS);
                try {
                    admin.deleteConsumerGroups(List.of(applicationId)).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Only its committed offsets are left behind, and the broker expires them.
                    System.err.println("healbms twin replay: the run's consumer group " + applicationId
                            + " was not deleted: " + e.getCause().getMessage());
                }
                BundledFiles.deleteTree(stateDir);
            }
        }
    }

    private static FleetReplay.Result replay(
            Fleet fleet,
            List<TraceTelemetry> traces,
            int packs,
            int cellsPerPack,
            String bootstrap,
            int streamThreads,
            TopicNames topics,
            String applicationId,
            Path stateDir)
            throws InterruptedException, TimeoutException, IOException {
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024);
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (BrokerTwin twin = new BrokerTwin(
                        TwinTopology.build(
                                fleet, TwinTopology.StoreKind.IN_MEMORY, TwinTopology.DEFAULT_LIVE_CELLS, topics),
                        bootstrap,
                        applicationId,
                        stateDir,
                        streamThreads);
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> outputs =
                        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            twin.awaitRunning(Duration.ofSeconds(120));
            List<TopicPartition> partitions = new ArrayList<>();
            for (int k = 0; k < streamThreads; k++) {
                partitions.add(new TopicPartition(topics.estimates(), k));
            }
            for (int k = 0; k < streamThreads; k++) {
                partitions.add(new TopicPartition(topics.signatures(), k));
            }
            partitions.add(new TopicPartition(topics.deadLetters(), 0));
            outputs.assign(partitions);
            outputs.seekToBeginning(partitions);
            Outputs out = new Outputs(new FleetReplay.Check(traces), topics.deadLetters(), topics.signatures());

            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            int ticks = traces.stream().mapToInt(TraceTelemetry::rows).max().orElse(0);
            long records = 0;
            for (int tick = 0; tick < ticks; tick++) {
                for (int pack = 0; pack < packs; pack++) {
                    TraceTelemetry trace = traces.get(pack % traces.size());
                    if (tick >= trace.rows()) {
                        continue;
                    }
                    producer.send(new ProducerRecord<>(
                            topics.telemetry(),
                            FleetReplay.packId(pack),
                            TelemetryJson.write(FleetReplay.record(trace, tick, cellsPerPack))));
                    if (++records % POLL_EVERY == 0) {
                        out.poll(outputs, Duration.ZERO);
                    }
                }
            }
            producer.flush();
            long lastProgress = System.nanoTime();
            while (out.received < records) {
                long before = out.received;
                out.poll(outputs, Duration.ofMillis(200));
                if (twin.failure() != null) {
                    throw new IllegalStateException("the twin failed: " + twin.failure(), twin.failure());
                }
                if (out.received > before) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new TimeoutException("the twin answered " + out.received + " of " + records
                            + " records and nothing more in " + STALL.toSeconds() + " s");
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            byte[] state = twin.storedState(FleetReplay.packId(0));
            return new FleetReplay.Result(
                    records,
                    records * cellsPerPack,
                    wall,
                    cpu,
                    out.check.maxDifference,
                    out.deadLetters,
                    state == null ? 0 : state.length,
                    -1,
                    out.signatureChanges,
                    out.check.finalSoc);
        }
    }

    /**
     * What has come back so far: estimates checked as they come, dead letters and signature changes
     * counted (an answer to a record is its estimate or its dead letter).
     */
    private static final class Outputs {
        final FleetReplay.Check check;
        final String deadLetterTopic;
        final String signatureTopic;
        long received;
        long deadLetters;
        long signatureChanges;

        Outputs(FleetReplay.Check check, String deadLetterTopic, String signatureTopic) {
            this.check = check;
            this.deadLetterTopic = deadLetterTopic;
            this.signatureTopic = signatureTopic;
        }

        void poll(KafkaConsumer<String, byte[]> consumer, Duration timeout) throws IOException {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
                if (r.topic().equals(signatureTopic)) {
                    signatureChanges++;
                    continue;
                }
                received++;
                if (r.topic().equals(deadLetterTopic)) {
                    deadLetters++;
                } else {
                    check.estimate(r.key(), r.value());
                }
            }
        }
    }
}
