package org.healbms.twin.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.life.LifeStory;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.life.Throughput;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.reading.FrameChannels;
import org.healbms.twin.SyntheticFleet;
import org.healbms.twin.local.InProcessTwin;
import org.healbms.twin.pack.Fleet;
import org.healbms.twin.pack.PackModel;
import org.healbms.twin.telemetry.TelemetryJson;
import org.healbms.twin.telemetry.TelemetryRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology under Kafka Streams' test driver: same numbers as the firmware's estimator, kept across restarts. */
class TwinTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CellParameters CELL = SyntheticFleet.cell();
    private static final int CELLS = 3;
    private static final int TICKS = 240;
    private static final LifeStoryLimits LIFE = LifeStoryLimits.of(CellLimits.ncr18650pf());
    private static final Fleet FLEET = pack -> pack.startsWith("pack-") ? new PackModel(CELL, CELLS, 0.55, LIFE) : null;

    @TempDir
    Path dir;

    private static Map<String, List<TelemetryRecord>> packs() {
        Map<String, List<TelemetryRecord>> packs = new HashMap<>();
        packs.put("pack-a", SyntheticFleet.pack(CELL, CELLS, 0.95, TICKS));
        packs.put("pack-b", SyntheticFleet.pack(CELL, CELLS, 0.70, TICKS));
        return packs;
    }

    /** Interleaved as a fleet sends them: every pack's tick t before any pack's tick t + 1. */
    private static void send(InProcessTwin twin, Map<String, List<TelemetryRecord>> packs, int from, int to) {
        for (int t = from; t < to; t++) {
            for (String pack : List.of("pack-a", "pack-b")) {
                twin.send(pack, TelemetryJson.write(packs.get(pack).get(t)), t * 1000L);
            }
        }
    }

    private static List<double[]> socs(List<TestRecord<String, byte[]>> estimates, String pack) throws IOException {
        List<double[]> socs = new ArrayList<>();
        for (TestRecord<String, byte[]> r : estimates) {
            if (r.key().equals(pack)) {
                JsonNode soc = JSON.readTree(r.value()).get("soc");
                double[] s = new double[soc.size()];
                for (int k = 0; k < s.length; k++) {
                    s[k] = soc.get(k).asDouble();
                }
                socs.add(s);
            }
        }
        return socs;
    }

    /** The firmware's own estimator fed the same frames directly, for each tick. */
    private static List<double[]> direct(List<TelemetryRecord> records) {
        PackEstimator estimator = new PackEstimator(FrameChannels.of(TelemetryRecord.layout(CELLS), CELLS), CELL, 0.55);
        List<double[]> socs = new ArrayList<>();
        for (TelemetryRecord r : records) {
            estimator.update(r.frame());
            socs.add(estimator.socs());
        }
        return socs;
    }

    private List<TestRecord<String, byte[]>> uninterrupted(TwinTopology.StoreKind kind) {
        try (InProcessTwin twin = new InProcessTwin(TwinTopology.build(FLEET, kind, 1_000), dir.resolve("straight"))) {
            send(twin, packs(), 0, TICKS);
            return twin.estimates();
        }
    }

    /**
     * The life story is the firmware's {@link LifeStory} fed the same frames, published with the first
     * record and once a minute of the pack's time after it (ticks 0, 60, 120, 180 of 240 s).
     */
    @Test
    void lifeStoryUpdatesAreTheFirmwaresStoryOnTheSameFrames() throws IOException {
        List<TestRecord<String, byte[]>> stories;
        try (InProcessTwin twin = new InProcessTwin(
                TwinTopology.build(FLEET, TwinTopology.StoreKind.IN_MEMORY, 1_000), dir.resolve("story"))) {
            send(twin, packs(), 0, TICKS);
            stories = twin.lifeStories();
        }
        List<TelemetryRecord> records = packs().get("pack-a");
        LifeStory direct = new LifeStory(CELLS, LIFE, CELL.capacityAh() / 50);
        List<JsonNode> published = new ArrayList<>();
        for (TestRecord<String, byte[]> r : stories) {
            if (r.key().equals("pack-a")) {
                published.add(JSON.readTree(r.value()));
            }
        }
        assertThat(published).extracting(j -> j.get("tick").asLong()).containsExactly(0L, 60L, 120L, 180L);
        assertThat(stories).hasSize(8);
        int next = 0;
        for (int t = 0; t < TICKS; t++) {
            TelemetryRecord r = records.get(t);
            direct.update(
                    r.timeNanos() / 1_000_000,
                    t == 0 ? 0 : 1.0,
                    r.currentA(),
                    r.cellVoltageV(),
                    r.cellTemperatureDegC());
            if (next < published.size() && published.get(next).get("tick").asLong() == t) {
                JsonNode p = published.get(next++);
                Throughput pack = direct.record().pack();
                assertThat(p.at("/pack/discharge_ah").asDouble())
                        .as("tick %d", t)
                        .isEqualTo(pack.dischargeAh());
                assertThat(p.at("/pack/discharge_kwh").asDouble()).isEqualTo(pack.dischargeKWh());
                assertThat(p.at("/cells/2/discharge_kwh").asDouble())
                        .isEqualTo(direct.record().cells().get(2).dischargeKWh());
                assertThat(p.get("operating_s").asDouble())
                        .isEqualTo(direct.record().operatingS());
            }
        }
        // 3 A for half of every minute: 2 min of discharge in the first 4 min, 0.1 Ah by tick 180 less the rests.
        assertThat(published.getLast().at("/pack/discharge_ah").asDouble()).isBetween(0.07, 0.1);
        assertThat(published.getLast().at("/pack/equivalent_full_cycles").asDouble())
                .isPositive();
    }

    @Test
    void everyEstimateIsExactlyTheFirmwaresEstimatorOnTheSameFrames() throws IOException {
        List<TestRecord<String, byte[]>> estimates = uninterrupted(TwinTopology.StoreKind.IN_MEMORY);
        assertThat(estimates).hasSize(2 * TICKS);
        for (String pack : List.of("pack-a", "pack-b")) {
            List<double[]> twin = socs(estimates, pack);
            List<double[]> direct = direct(packs().get(pack));
            for (int t = 0; t < TICKS; t++) {
                assertThat(twin.get(t)).as("%s tick %d", pack, t).containsExactly(direct.get(t));
            }
        }
        JsonNode last = JSON.readTree(estimates.getLast().value());
        assertThat(last.get("soc_sigma").get(0).asDouble()).isPositive().isLessThan(0.3);
        assertThat(last.get("soh_resistance").get(0).isNull()).isTrue(); // the cell file does not learn resistance
        // The estimate moved from the 0.55 guess toward the cell's true SoC (0.95 at the start, minus 3 A for 2 min).
        assertThat(socs(estimates, "pack-a").getLast()[0]).isGreaterThan(0.7);
    }

    /** Evicted estimators are rebuilt from the store: one live cell for two packs of three changes no number. */
    @Test
    void packsRebuiltFromTheStoreOnEveryRecordGiveTheSameNumbers() throws IOException {
        List<TestRecord<String, byte[]>> straight = uninterrupted(TwinTopology.StoreKind.IN_MEMORY);
        try (InProcessTwin twin = new InProcessTwin(
                TwinTopology.build(FLEET, TwinTopology.StoreKind.IN_MEMORY, 1), dir.resolve("evicting"))) {
            send(twin, packs(), 0, TICKS);
            assertSame(straight, twin.estimates());
        }
    }

    private static void assertSame(List<TestRecord<String, byte[]>> expected, List<TestRecord<String, byte[]>> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            assertThat(actual.get(k).key()).isEqualTo(expected.get(k).key());
            assertThat(new String(actual.get(k).value(), StandardCharsets.UTF_8))
                    .as("estimate %d", k)
                    .isEqualTo(new String(expected.get(k).value(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Closed half-way and opened again with only the changelog (the test driver wipes its state
     * directory on close, as a new machine has none): each pack's last changelog record, put in the
     * empty store as Kafka Streams' restore does, carries everything the estimate needs.
     */
    @Test
    void anInstanceRestoredFromTheChangelogContinuesExactly() {
        restartedFromTheChangelog(TwinTopology.StoreKind.IN_MEMORY);
    }

    @Test
    void aPersistentStoreRestoredFromTheChangelogContinuesExactly() {
        restartedFromTheChangelog(TwinTopology.StoreKind.PERSISTENT);
    }

    private void restartedFromTheChangelog(TwinTopology.StoreKind kind) {
        List<TestRecord<String, byte[]>> straight = uninterrupted(kind);
        List<TestRecord<String, byte[]>> straightStories;
        try (InProcessTwin twin = new InProcessTwin(TwinTopology.build(FLEET, kind, 1_000), dir.resolve("stories"))) {
            send(twin, packs(), 0, TICKS);
            straightStories = twin.lifeStories();
        }
        List<TestRecord<String, byte[]>> resumedStories = new ArrayList<>();
        List<TestRecord<String, byte[]>> resumed = new ArrayList<>();
        Map<String, byte[]> compacted = new HashMap<>();
        try (InProcessTwin twin = new InProcessTwin(TwinTopology.build(FLEET, kind, 1_000), dir.resolve("first"))) {
            send(twin, packs(), 0, TICKS / 2);
            resumed.addAll(twin.estimates());
            resumedStories.addAll(twin.lifeStories());
            for (TestRecord<byte[], byte[]> r : twin.changelog()) {
                compacted.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
            }
            assertThat(twin.changelogRecords()).isEqualTo(TICKS); // one per record: the driver commits after each
        }
        try (InProcessTwin twin = new InProcessTwin(TwinTopology.build(FLEET, kind, 1_000), dir.resolve("second"))) {
            assertThat(twin.storedState("pack-a")).isNull();
            compacted.forEach((pack, state) -> twin.restore(pack.getBytes(StandardCharsets.UTF_8), state));
            send(twin, packs(), TICKS / 2, TICKS);
            resumed.addAll(twin.estimates());
            resumedStories.addAll(twin.lifeStories());
        }
        assertSame(straight, resumed);
        assertSame(straightStories, resumedStories);
    }

    @Test
    void badRecordsGoToTheDeadLettersWithTheirReasonAndLeaveThePackAsItWas() {
        Map<String, List<TelemetryRecord>> packs = packs();
        List<TestRecord<String, byte[]>> straight = uninterrupted(TwinTopology.StoreKind.IN_MEMORY);
        try (InProcessTwin twin = new InProcessTwin(
                TwinTopology.build(FLEET, TwinTopology.StoreKind.IN_MEMORY, 1_000), dir.resolve("bad"))) {
            send(twin, packs, 0, 100);
            List<TestRecord<String, byte[]>> estimates = new ArrayList<>(twin.estimates());
            byte[] before = twin.storedState("pack-a");
            TelemetryRecord last = packs.get("pack-a").get(99);
            TelemetryRecord twoCells = SyntheticFleet.pack(CELL, 2, 0.9, 101).get(100);
            byte[] garbage = {(byte) 0xff, 0x00, 0x7b};
            twin.send("pack-a", garbage, 0);
            twin.send("pack-a", TelemetryJson.write(twoCells), 0);
            twin.send("pack-a", TelemetryJson.write(packs.get("pack-a").get(50)), 0);
            twin.send("pack-a", TelemetryJson.write(last), 0);
            twin.send("scooter-9", TelemetryJson.write(last), 0);
            twin.send(null, TelemetryJson.write(last), 0);
            List<InProcessTwin.DeadLetter> letters = twin.deadLetters();
            assertThat(letters)
                    .extracting(InProcessTwin.DeadLetter::reason)
                    .satisfiesExactly(
                            r -> assertThat(r).startsWith("not JSON"),
                            r -> assertThat(r).isEqualTo("the record has 2 cells but the pack has 3"),
                            r -> assertThat(r).contains("time_ns 1767225650000000000 goes back from the last applied"),
                            r -> assertThat(r).isEqualTo("tick 99 at time_ns 1767225699000000000 was applied already"),
                            r -> assertThat(r).isEqualTo("pack scooter-9 is not in the fleet"),
                            r -> assertThat(r).isEqualTo("the record has no pack id (its key)"));
            assertThat(letters.getFirst().record()).containsExactly(garbage); // kept as it came
            assertThat(twin.estimates()).isEmpty();
            assertThat(twin.storedState("pack-a")).containsExactly(before);
            // The stream goes on as if the bad records had never come.
            send(twin, packs, 100, TICKS);
            estimates.addAll(twin.estimates());
            assertSame(straight, estimates);
        }
    }
}
