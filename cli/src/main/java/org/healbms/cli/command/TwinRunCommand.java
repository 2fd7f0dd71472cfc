package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.healbms.core.cell.CellParameters;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.twin.broker.BrokerTwin;
import org.healbms.twin.pack.PackModel;
import org.healbms.twin.topology.TwinTopics;
import org.healbms.twin.topology.TwinTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code healbms twin run}: one instance of the fleet's twin on a broker. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run one instance of the twin against a Kafka broker: consume " + TwinTopics.TELEMETRY + " (keyed by",
            "pack id), step each pack's estimator, life story and signature detectors, produce " + TwinTopics.ESTIMATES
                    + ",",
            TwinTopics.LIFE_STORY + ", " + TwinTopics.SIGNATURES + " and " + TwinTopics.DEAD_LETTERS + ".",
            "Every pack of the fleet has --cells-per-pack cells of the --cell model. Instances with the same",
            "--application-id share the packs; a pack's state is in the store's changelog topic, so an",
            "instance that takes a pack over continues it. Runs until --duration-s has passed or it is",
            "stopped (Ctrl-C, SIGTERM); then prints the records it processed. The store is kept in memory",
            "(restored from the changelog at start). Exit code 0; 1 when a stream thread failed; 2 on bad",
            "input, also when no Kafka broker answers at --bootstrap (one line names the address and what",
            "failed, within 20 s)."
        })
public final class TwinRunCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--cell", required = true, paramLabel = "CELL.json", description = "cell parameter file")
    Path cell;

    @Option(names = "--cells-per-pack", required = true, paramLabel = "K", description = "series cells per pack")
    int cellsPerPack;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the packs' firmware configuration: its limits and life_story thresholds are the twin's"
                    + " (default: the bundled NCR18650PF limits)")
    Path config;

    @Option(
            names = "--soc0-guess",
            paramLabel = "X",
            defaultValue = "0.5",
            description = "start SoC of a pack the twin has not seen (default: ${DEFAULT-VALUE})")
    double socGuess;

    @Option(
            names = "--application-id",
            paramLabel = "ID",
            defaultValue = "healbms-twin",
            description = "the twin's group and internal topics' prefix (default: ${DEFAULT-VALUE})")
    String applicationId;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "stream threads of this instance (default: ${DEFAULT-VALUE})")
    int streamThreads;

    @Option(names = "--duration-s", paramLabel = "S", description = "stop after this many seconds (default: run on)")
    Long durationS;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CellParameters p = CellParameterFile.read(cell).parameters();
        BrokerReach.check(bootstrap);
        PackModel model = new PackModel(p, cellsPerPack, socGuess, FleetReplay.lifeLimits(config));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(40, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Path stateDir = Files.createTempDirectory("healbms-twin");
        long processed;
        Throwable failure;
        long start = System.nanoTime();
        try {
            try (BrokerTwin twin = new BrokerTwin(
                    TwinTopology.build(
                            pack -> model, TwinTopology.StoreKind.IN_MEMORY, TwinTopology.DEFAULT_LIVE_CELLS),
                    bootstrap,
                    applicationId,
                    stateDir,
                    streamThreads)) {
                twin.awaitRunning(Duration.ofSeconds(120));
                System.err.printf("healbms twin run: %s on %s, running%n", applicationId, bootstrap);
                long deadline = durationS == null ? Long.MAX_VALUE : System.nanoTime() + durationS * 1_000_000_000L;
                while (twin.failure() == null
                        && System.nanoTime() < deadline
                        && !stop.await(200, TimeUnit.MILLISECONDS)) {
                    // The stream threads do the work; this one waits for the end.
                }
                processed = twin.recordsProcessed();
                failure = twin.failure();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%d records processed in %.1f s%s%n",
                    processed, wall, failure == null ? "" : "; a stream thread failed: " + failure);
            if (json) {
                ObjectNode o = JSON.createObjectNode();
                o.put("application_id", applicationId);
                o.put("records", processed);
                o.put("wall_s", wall);
                o.put("failed", failure != null);
                System.out.println(JSON.writeValueAsString(o));
            }
        } finally {
            BundledFiles.deleteTree(stateDir);
            done.countDown();
            if (durationS != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Stopped by a signal after all: the hook is running and waits for this.
                }
            }
        }
        return failure == null ? 0 : 1;
    }
}
