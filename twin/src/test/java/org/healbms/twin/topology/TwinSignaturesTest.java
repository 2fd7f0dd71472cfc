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
import org.healbms.core.estimation.ResistanceHealth;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.pack.PackEstimator;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.signature.CellObservation;
import org.healbms.core.signature.DegradationSignature;
import org.healbms.core.signature.PackSignatures;
import org.healbms.twin.SyntheticFleet;
import org.healbms.twin.local.InProcessTwin;
import org.healbms.twin.pack.Fleet;
import org.healbms.twin.pack.PackModel;
import org.healbms.twin.telemetry.TelemetryJson;
import org.healbms.twin.telemetry.TelemetryRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin's signatures and protection faults under Kafka Streams' test driver: what the firmware's
 * detectors find on the same frames, told once per change, and carried across a restore from the
 * changelog (detectors half way through their windows, a fault active at the cut).
 */
class TwinSignaturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CellParameters CELL = SyntheticFleet.cell();
    private static final int CELLS = 4;
    private static final int TICKS = 240;
    /** The cut falls while cell 3's sensor fault is pending (from 117 s, fires at 122 s) and its fault active. */
    private static final int CUT = 120;

    private static final LifeStoryLimits LIFE = LifeStoryLimits.of(CellLimits.ncr18650pf());
    private static final Fleet FLEET = pack -> new PackModel(CELL, CELLS, 0.5, LIFE);
    private static final List<TelemetryRecord> RECORDS = SyntheticFleet.eventful(CELL, CELLS, 0.6, TICKS);

    @TempDir
    Path dir;

    private static void send(InProcessTwin twin, int from, int to) {
        for (int t = from; t < to; t++) {
            twin.send("pack-1", TelemetryJson.write(RECORDS.get(t)), t * 1000L);
        }
    }

    /** One change as the test compares it: when, which, and what the detector said. */
    private record Change(long tick, String signature, int cell, String state, double severity, String evidence) {}

    private static List<Change> changes(List<TestRecord<String, byte[]>> records) throws IOException {
        List<Change> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : records) {
            JsonNode j = JSON.readTree(r.value());
            assertThat(r.key()).isEqualTo("pack-1");
            assertThat(j.get("pack").asText()).isEqualTo("pack-1");
            out.add(new Change(
                    j.get("tick").asLong(),
                    j.get("signature").asText(),
                    j.get("cell").asInt(),
                    j.get("state").asText(),
                    j.get("severity").asDouble(),
                    j.get("evidence").asText()));
        }
        return out;
    }

    /**
     * The firmware's detectors fed as its healing tick feeds them, on the same frames: the estimator's
     * figures after its step, the usable temperature, voltage and current (ControlTick.healingInputs).
     */
    private static List<Change> direct() {
        PackEstimator estimator = new PackEstimator(FrameChannels.of(TelemetryRecord.layout(CELLS), CELLS), CELL, 0.5);
        PackSignatures detectors = new PackSignatures(CELL);
        Map<String, DegradationSignature> active = new HashMap<>();
        List<Change> out = new ArrayList<>();
        for (TelemetryRecord r : RECORDS) {
            ReadingFrame frame = r.frame();
            estimator.update(frame);
            List<CellObservation> cells = new ArrayList<>();
            for (int k = 0; k < CELLS; k++) {
                cells.add(new CellObservation(
                        k + 1,
                        estimator.soc(k),
                        r.cellTemperatureQuality()[k] == Quality.OK ? r.cellTemperatureDegC()[k] : Double.NaN,
                        r.currentQuality() == Quality.OK ? r.currentA() : Double.NaN,
                        estimator.capacityAh(k),
                        estimator.resistanceScale(k),
                        estimator.resistanceScaleSigma(k),
                        Double.NaN,
                        r.cellVoltageQuality()[k] == Quality.OK ? r.cellVoltageV()[k] : Double.NaN,
                        estimator.coreTemperatureDegC(k),
                        ResistanceHealth.UNKNOWN));
            }
            Map<String, DegradationSignature> now = new HashMap<>();
            for (DegradationSignature s : detectors.update(frame, cells)) {
                String key = s.kind().ruleName() + "@" + s.cell();
                if (now.putIfAbsent(key, s) == null && !active.containsKey(key)) {
                    out.add(new Change(r.tick(), s.kind().ruleName(), s.cell(), "active", s.severity(), s.evidence()));
                }
            }
            for (var was : active.entrySet()) {
                if (!now.containsKey(was.getKey())) {
                    DegradationSignature s = was.getValue();
                    out.add(new Change(r.tick(), s.kind().ruleName(), s.cell(), "cleared", 0, "null"));
                }
            }
            active = now;
        }
        return out;
    }

    @Test
    void signaturesAreTheFirmwaresDetectorsOnTheSameFramesOnePerChange() throws IOException {
        List<Change> twin;
        List<JsonNode> stories = new ArrayList<>();
        try (InProcessTwin t = new InProcessTwin(
                TwinTopology.build(FLEET, TwinTopology.StoreKind.IN_MEMORY, 1_000), dir.resolve("straight"))) {
            send(t, 0, TICKS);
            twin = changes(t.signatures());
            for (TestRecord<String, byte[]> r : t.lifeStories()) {
                stories.add(JSON.readTree(r.value()));
            }
            assertThat(t.deadLetters()).isEmpty();
        }
        List<Change> expected = direct();
        // The set of changes is the detectors' (order within a tick: the detectors', then the cleared ones).
        assertThat(twin).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(twin).extracting(Change::tick).isSorted();
        assertThat(twin)
                .extracting(c -> c.signature() + "@" + c.cell() + " " + c.state())
                .contains(
                        "hot_spot@2 active",
                        "plating_risk@1 active",
                        "plating_risk@1 cleared",
                        "sensor_fault@1 active",
                        "sensor_fault@1 cleared",
                        "sensor_fault@3 active");
        // Hot from 20 s, held 30 s: active at 50 s, once.
        assertThat(twin)
                .filteredOn(c -> c.signature().equals("hot_spot"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.tick()).isEqualTo(50);
                    assertThat(c.evidence()).contains("K above the other cells' median");
                });
        // The fault is counted when it appears, twice in all; each raise publishes the story at once.
        assertThat(stories.getLast().at("/faults/TEMPERATURE_MEASUREMENT/count").asLong())
                .isEqualTo(2);
        assertThat(stories).extracting(s -> s.get("tick").asLong()).contains(40L, 117L);
        assertThat(stories.getLast()
                        .at("/faults/TEMPERATURE_MEASUREMENT/last_epoch_ms")
                        .asLong())
                .isEqualTo(SyntheticFleet.START_NANOS / 1_000_000 + 117_000);
    }

    @Test
    void signaturesAndFaultsSurviveARestoreFromTheChangelog() {
        restored(TwinTopology.StoreKind.IN_MEMORY);
        restored(TwinTopology.StoreKind.PERSISTENT);
    }

    private void restored(TwinTopology.StoreKind kind) {
        List<TestRecord<String, byte[]>> straight;
        List<TestRecord<String, byte[]>> straightStories;
        try (InProcessTwin t = new InProcessTwin(TwinTopology.build(FLEET, kind, 1_000), dir.resolve("s" + kind))) {
            send(t, 0, TICKS);
            straight = t.signatures();
            straightStories = t.lifeStories();
        }
        List<TestRecord<String, byte[]>> resumed = new ArrayList<>();
        List<TestRecord<String, byte[]>> resumedStories = new ArrayList<>();
        byte[] last = null;
        try (InProcessTwin t = new InProcessTwin(TwinTopology.build(FLEET, kind, 1_000), dir.resolve("a" + kind))) {
            send(t, 0, CUT);
            resumed.addAll(t.signatures());
            resumedStories.addAll(t.lifeStories());
            for (TestRecord<byte[], byte[]> r : t.changelog()) {
                last = r.value();
            }
        }
        try (InProcessTwin t = new InProcessTwin(TwinTopology.build(FLEET, kind, 1_000), dir.resolve("b" + kind))) {
            t.restore("pack-1".getBytes(StandardCharsets.UTF_8), last);
            send(t, CUT, TICKS);
            resumed.addAll(t.signatures());
            resumedStories.addAll(t.lifeStories());
        }
        assertSameValues(straight, resumed);
        assertSameValues(straightStories, resumedStories);
        assertThat(straight).hasSizeGreaterThan(6);
    }

    private static void assertSameValues(
            List<TestRecord<String, byte[]>> expected, List<TestRecord<String, byte[]>> actual) {
        assertThat(actual.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)))
                .containsExactlyElementsOf(expected.stream()
                        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                        .toList());
    }
}
