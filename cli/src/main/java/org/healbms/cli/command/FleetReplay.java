package org.healbms.cli.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.reading.Quality;
import org.healbms.io.firmware.FirmwareConfigFile;
import org.healbms.twin.local.InProcessTwin;
import org.healbms.twin.pack.Fleet;
import org.healbms.twin.pack.PackModel;
import org.healbms.twin.telemetry.TelemetryJson;
import org.healbms.twin.telemetry.TelemetryRecord;
import org.healbms.twin.topology.TwinTopology;

/**
 * Replays traces as a fleet through the twin's topology in this process (Kafka Streams' test driver,
 * no broker): pack k replays trace k mod M, every one of its series cells fed the trace's cell. The
 * packs report tick by tick, interleaved as a fleet's gateways would send them. Every estimate is
 * checked against what {@code healbms replay} gave for the same row as it comes out.
 */
final class FleetReplay {

    /** Where the packs' clocks start: 2026-01-01T00:00:00Z, ns. */
    static final long START_NANOS = 1_767_225_600_000_000_000L;
    /** Records between reads of the driver's outputs: bounds what it holds. */
    private static final int DRAIN_EVERY = 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    /**
     * @param records            telemetry records sent
     * @param cellUpdates        cell estimator steps the twin made
     * @param cpuS               CPU time of the thread that ran the fleet (the driver runs the topology on it),
     *                           or against a broker the whole process's (twin, producer, consumer; not the broker's), s
     * @param maxSocDifference   largest |twin SoC − replay SoC| over every cell of every record
     * @param deadLetters        records the twin refused (none for a readable trace)
     * @param stateBytesPerPack  the first pack's stored state, bytes
     * @param changelogBytes     bytes the store's changelog took (key and value, one record per commit); -1 against
     *                           a broker, where the changelog is the broker's
     * @param signatureChanges   signatures that became active or cleared, over every pack
     * @param finalSoc           per trace, the twin's last SoC of the first pack that replays it
     */
    record Result(
            long records,
            long cellUpdates,
            double wallS,
            double cpuS,
            double maxSocDifference,
            long deadLetters,
            int stateBytesPerPack,
            long changelogBytes,
            long signatureChanges,
            double[] finalSoc) {

        double cellUpdatesPerS() {
            return cellUpdates / wallS;
        }

        /** What one core does, whatever else the machine runs: the driver runs the topology on this thread. */
        double cellUpdatesPerCpuS() {
            return cellUpdates / cpuS;
        }
    }

    private FleetReplay() {}

    static String packId(int pack) {
        return "pack-%05d".formatted(pack + 1);
    }

    static Result run(
            List<TraceTelemetry> traces, CellParameters cell, int packs, int cellsPerPack, LifeStoryLimits life)
            throws IOException {
        Fleet fleet = fleet(traces, cell, cellsPerPack, life);
        Path stateDir = Files.createTempDirectory("healbms-twin");
        try (InProcessTwin twin = new InProcessTwin(
                TwinTopology.build(fleet, TwinTopology.StoreKind.IN_MEMORY, TwinTopology.DEFAULT_LIVE_CELLS),
                stateDir)) {
            Check check = new Check(traces);
            int ticks = traces.stream().mapToInt(TraceTelemetry::rows).max().orElse(0);
            String[] ids = new String[packs];
            for (int pack = 0; pack < packs; pack++) {
                ids[pack] = packId(pack);
            }
            long records = 0;
            long deadLetters = 0;
            long signatureChanges = 0;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int tick = 0; tick < ticks; tick++) {
                for (int pack = 0; pack < packs; pack++) {
                    TraceTelemetry trace = traces.get(pack % traces.size());
                    if (tick >= trace.rows()) {
                        continue;
                    }
                    twin.send(
                            ids[pack],
                            TelemetryJson.write(record(trace, tick, cellsPerPack)),
                            (START_NANOS / 1_000_000) + Math.round(1000 * (trace.timeS()[tick] - trace.timeS()[0])));
                    if (++records % DRAIN_EVERY == 0) {
                        check.estimates(twin.estimates());
                        deadLetters += twin.deadLetters().size();
                        twin.lifeStories();
                        signatureChanges += twin.signatures().size();
                        twin.changelog();
                    }
                }
            }
            check.estimates(twin.estimates());
            deadLetters += twin.deadLetters().size();
            twin.lifeStories();
            signatureChanges += twin.signatures().size();
            twin.changelog();
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            byte[] state = twin.storedState(packId(0));
            return new Result(
                    records,
                    records * cellsPerPack,
                    wall,
                    cpu,
                    check.maxDifference,
                    deadLetters,
                    state == null ? 0 : state.length,
                    twin.changelogBytes(),
                    signatureChanges,
                    check.finalSoc);
        } finally {
            BundledFiles.deleteTree(stateDir);
        }
    }

    /** Pack k replays trace k mod M, each of its cells the trace's cell, from the replay's start guess. */
    static Fleet fleet(List<TraceTelemetry> traces, CellParameters cell, int cellsPerPack, LifeStoryLimits life) {
        return pack -> {
            int k = Integer.parseInt(pack.substring(5)) - 1;
            return new PackModel(
                    cell, cellsPerPack, traces.get(k % traces.size()).socGuess(), life);
        };
    }

    /**
     * The life story's thresholds of the packs' firmware configuration (its limits and life_story), or
     * without one those of a configuration that gives neither: the bundled NCR18650PF's limits.
     */
    static LifeStoryLimits lifeLimits(Path firmwareConfig) throws IOException {
        return firmwareConfig == null
                ? LifeStoryLimits.of(CellLimits.ncr18650pf())
                : FirmwareConfigFile.read(firmwareConfig).lifeStory();
    }

    /** The trace's row as a pack's telemetry: a value the trace did not log in this row is not usable (stale). */
    static TelemetryRecord record(TraceTelemetry trace, int row, int cells) {
        double v = trace.voltageV()[row];
        double i = trace.currentA()[row];
        double[] voltage = new double[cells];
        Arrays.fill(voltage, v);
        Quality[] voltageQuality = new Quality[cells];
        Arrays.fill(voltageQuality, Double.isFinite(v) ? Quality.OK : Quality.STALE);
        double[] temperature = new double[cells];
        Arrays.fill(temperature, trace.temperatureDegC()[row]);
        Quality[] temperatureQuality = new Quality[cells];
        Arrays.fill(temperatureQuality, Quality.OK);
        long time = START_NANOS + Math.round(1e9 * (trace.timeS()[row] - trace.timeS()[0]));
        return new TelemetryRecord(
                row,
                time,
                i,
                Double.isFinite(i) ? Quality.OK : Quality.STALE,
                voltage,
                voltageQuality,
                temperature,
                temperatureQuality,
                List.of());
    }

    /** Compares each estimate, as it comes, with the replay's SoC for the same row. */
    static final class Check {
        private final List<TraceTelemetry> traces;
        final double[] finalSoc;
        double maxDifference;

        Check(List<TraceTelemetry> traces) {
            this.traces = traces;
            this.finalSoc = new double[traces.size()];
            Arrays.fill(finalSoc, Double.NaN);
        }

        void estimates(List<TestRecord<String, byte[]>> estimates) throws IOException {
            for (TestRecord<String, byte[]> r : estimates) {
                estimate(r.key(), r.value());
            }
        }

        void estimate(String key, byte[] value) throws IOException {
            int pack = Integer.parseInt(key.substring(5)) - 1;
            int trace = pack % traces.size();
            // The tick comes before the SoCs in an estimate; the rest is skipped unread.
            try (JsonParser p = JSON.createParser(value)) {
                int row = -1;
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("tick")) {
                        row = p.getIntValue();
                    } else if (field.equals("soc")) {
                        double replay = traces.get(trace).replaySoc()[row];
                        boolean first = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            double soc = p.currentToken() == JsonToken.VALUE_NULL ? Double.NaN : p.getDoubleValue();
                            // NaN (no estimate) is a difference too: it must not pass as none.
                            double difference = Math.abs(soc - replay);
                            maxDifference = Double.isNaN(difference)
                                    ? Double.POSITIVE_INFINITY
                                    : Math.max(maxDifference, difference);
                            if (first && pack == trace) {
                                finalSoc[trace] = soc;
                            }
                            first = false;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
    }
}
