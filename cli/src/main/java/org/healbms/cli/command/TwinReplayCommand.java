package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.io.cell.CellParameterFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code healbms twin replay}: traces as a fleet of packs through the twin's topology, in this
 * process, timed and checked against {@code healbms replay} on the same rows.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replay BDF traces as N packs through the twin's Kafka Streams topology: in this process with the",
            "Kafka Streams test driver (no broker), or with --bootstrap against a real broker (the records are",
            "produced to topics of the run's own, healbms.replay-ID.*, which a Kafka Streams instance of the",
            "twin consumes; the estimates are read back; the run's topics are deleted at the end). Pack k",
            "replays trace k mod M, tick by tick, interleaved. Every estimate is compared with `healbms replay`",
            "on the same rows. With --json the last line of stdout is one JSON object: records,",
            "cell_updates_per_s, wall_s, max_soc_difference_vs_replay, ... Exit code 0; 1 when records were",
            "refused; 2 on bad input, also when no Kafka broker answers at --bootstrap (one line names the",
            "address and what failed, within 20 s)."
        })
public final class TwinReplayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(
            arity = "1..*",
            paramLabel = "TRACE",
            description = "traces (.bdf.csv or .bdf.csv.gz), directories of them, or quoted file-name globs")
    List<Path> traceArguments;

    @Option(
            names = "--cell",
            required = true,
            paramLabel = "CELL.json",
            description = "cell parameter file (from identify)")
    Path cell;

    @Option(
            names = "--packs",
            required = true,
            paramLabel = "N",
            description = "packs in the fleet (at least one per trace)")
    int packs;

    @Option(
            names = "--cells-per-pack",
            paramLabel = "K",
            defaultValue = "1",
            description = "series cells per pack, each fed the trace's cell (default: ${DEFAULT-VALUE})")
    int cellsPerPack;

    @Option(names = "--ticks", paramLabel = "T", description = "replay only each trace's first T rows (default: all)")
    Integer ticks;

    @Option(
            names = "--soc0-guess",
            paramLabel = "X",
            description = "start SoC of every pack (default: as healbms replay, the trace's reference start, else 0.5)")
    Double socGuess;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the packs' firmware configuration: its limits and life_story thresholds are the twin's"
                    + " (default: the bundled NCR18650PF limits)")
    Path config;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "run against this Kafka broker instead of in this process")
    String bootstrap;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "with --bootstrap: the twin's stream threads, and its topics' partitions (default:"
                    + " ${DEFAULT-VALUE})")
    int streamThreads;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line of stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (packs < 1 || cellsPerPack < 1 || (ticks != null && ticks < 1) || streamThreads < 1) {
            throw new IllegalArgumentException(
                    "--packs, --cells-per-pack, --ticks and --stream-threads must be at least 1");
        }
        if (socGuess != null && !(socGuess >= 0 && socGuess <= 1)) {
            throw new IllegalArgumentException("--soc0-guess must be a state of charge from 0 to 1, got " + socGuess);
        }
        if (bootstrap != null) {
            BrokerReach.check(bootstrap);
        }
        CellParameters p = CellParameterFile.read(cell).parameters();
        List<Path> paths = TraceSelection.expand(traceArguments);
        if (packs < paths.size()) {
            throw new IllegalArgumentException("--packs " + packs + " leaves traces unreplayed: " + paths.size()
                    + " traces need at least " + paths.size() + " packs");
        }
        List<TraceTelemetry> traces = new ArrayList<>();
        for (Path trace : paths) {
            traces.add(TraceTelemetry.read(
                    trace,
                    p,
                    socGuess == null ? OptionalDouble.empty() : OptionalDouble.of(socGuess),
                    ticks == null ? Integer.MAX_VALUE : ticks));
        }
        LifeStoryLimits life = FleetReplay.lifeLimits(config);
        FleetReplay.Result r = bootstrap == null
                ? FleetReplay.run(traces, p, packs, cellsPerPack, life)
                : BrokerFleetReplay.run(traces, p, packs, cellsPerPack, life, bootstrap, streamThreads);
        print(System.out, traces, r);
        return r.deadLetters() == 0 ? 0 : 1;
    }

    private void print(PrintStream out, List<TraceTelemetry> traces, FleetReplay.Result r) throws IOException {
        out.printf(
                "%d packs x %d cells, %d records (%d cell updates) in %.2f s: %.0f cell updates/s"
                        + " (%.0f per CPU second of %s)%n",
                packs,
                cellsPerPack,
                r.records(),
                r.cellUpdates(),
                r.wallS(),
                r.cellUpdatesPerS(),
                r.cellUpdatesPerCpuS(),
                bootstrap == null ? "the thread that ran them" : "this process, the broker's not counted");
        out.printf("largest SoC difference from healbms replay on the same rows: %.3g%n", r.maxSocDifference());
        out.printf(
                "state per pack %d bytes%s%s%n",
                r.stateBytesPerPack(),
                r.changelogBytes() < 0 ? "" : "; changelog %.1f MB".formatted(r.changelogBytes() / 1e6),
                r.deadLetters() == 0 ? "" : "; " + r.deadLetters() + " records refused (dead letters)");
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("packs", packs);
            o.put("cells_per_pack", cellsPerPack);
            o.put("records", r.records());
            o.put("cell_updates", r.cellUpdates());
            o.put("wall_s", r.wallS());
            o.put("cell_updates_per_s", r.cellUpdatesPerS());
            o.put("cpu_s", r.cpuS());
            o.put("cell_updates_per_cpu_s", r.cellUpdatesPerCpuS());
            o.put("max_soc_difference_vs_replay", r.maxSocDifference());
            o.put("dead_letters", r.deadLetters());
            o.put("signature_changes", r.signatureChanges());
            o.put("state_bytes_per_pack", r.stateBytesPerPack());
            if (r.changelogBytes() >= 0) {
                o.put("changelog_bytes", r.changelogBytes());
            }
            o.put("broker", bootstrap != null);
            ArrayNode list = o.putArray("traces");
            for (int k = 0; k < traces.size(); k++) {
                ObjectNode t = list.addObject();
                t.put("trace", traces.get(k).trace().toString());
                t.put("rows", traces.get(k).rows());
                JsonFigures.put(t, "final_soc", r.finalSoc()[k]);
            }
            out.println(JSON.writeValueAsString(o));
        }
    }
}
