package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.twin.broker.BrokerTwin;
import org.healbms.twin.pack.Fleet;
import org.healbms.twin.pack.PackModel;
import org.healbms.twin.pack.PrefixFleet;
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
            "A pack's design (cell file and series cells) is the --design of the longest prefix its id starts",
            "with, else --cell with --cells-per-pack; a pack none matches goes to the dead letters as not in the",
            "fleet. Every design shares --config (life-story thresholds) and --soc0-guess. Instances with the same",
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

    @Option(
            names = "--cell",
            paramLabel = "CELL.json",
            description = "cell parameter file of the packs no --design names (with --cells-per-pack)")
    Path cell;

    @Option(
            names = "--cells-per-pack",
            paramLabel = "K",
            description = "series cells of the packs no --design names (with --cell)")
    Integer cellsPerPack;

    @Option(
            names = "--design",
            paramLabel = "PREFIX=CELL.json,K",
            description = "the packs whose id starts with PREFIX have K series cells of this cell file;"
                    + " repeat for each design (e.g. --design ev-=nmc.cell.json,96 --design storage-=lfp.cell.json,16)")
    List<String> designs = List.of();

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
        Fleet fleet = fleet();
        BrokerReach.check(bootstrap);
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
                    TwinTopology.build(fleet, TwinTopology.StoreKind.IN_MEMORY, TwinTopology.DEFAULT_LIVE_CELLS),
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

    /** The pack designs by id prefix: each --design, and --cell with --cells-per-pack for every other pack. */
    private Fleet fleet() throws IOException {
        if ((cell == null) != (cellsPerPack == null)) {
            throw new IllegalArgumentException("--cell and --cells-per-pack go together");
        }
        if (cell == null && designs.isEmpty()) {
            throw new IllegalArgumentException("give the packs' design: --cell and --cells-per-pack, or --design");
        }
        LifeStoryLimits life = FleetReplay.lifeLimits(config);
        Map<String, PackModel> byPrefix = new LinkedHashMap<>();
        if (cell != null) {
            byPrefix.put("", model(cell, cellsPerPack, life));
        }
        for (String design : designs) {
            int eq = design.indexOf('=');
            int comma = design.lastIndexOf(',');
            if (eq < 1 || comma < eq + 2) {
                throw new IllegalArgumentException("--design must be PREFIX=CELL.json,K, got '" + design + "'");
            }
            String prefix = design.substring(0, eq);
            int k;
            try {
                k = Integer.parseInt(design.substring(comma + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--design " + design
                        + ": K must be a whole number of series cells, got '" + design.substring(comma + 1) + "'");
            }
            if (byPrefix.put(prefix, model(Path.of(design.substring(eq + 1, comma)), k, life)) != null) {
                throw new IllegalArgumentException("--design names the prefix '" + prefix + "' twice");
            }
        }
        return new PrefixFleet(byPrefix);
    }

    private PackModel model(Path cellFile, int cells, LifeStoryLimits life) throws IOException {
        if (cells < 1) {
            throw new IllegalArgumentException("a pack has at least one series cell, got " + cells);
        }
        CellParameters p = CellParameterFile.read(cellFile).parameters();
        return new PackModel(p, cells, socGuess, life);
    }
}
