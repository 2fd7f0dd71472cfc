package org.healbms.firmware.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.healbms.core.impedance.CellImpedanceCircuit;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every read resource, found by discovery on a real server on loopback, fetched in SenML JSON (110)
 * and CBOR (112) and checked against RFC 8428's rules: at least one record (§11), only the RFC's
 * labels with their types, exactly one value field per record (§4.2), names valid once resolved
 * (§4.5.1) and unique with their time, units from the SenML units registry (§12.1), a lower-case
 * exponent in JSON numbers (§5), definite lengths and integer labels in CBOR (§6), and the two forms
 * resolving to the same records (§4.6). Done for a busy pack (signatures, rules that acted, an
 * impedance history, channel and rule names SenML does not allow as they are) and for an empty one
 * (nothing active, nothing acted, no sweep yet, values the firmware does not know).
 */
class SenmlConformanceTest {

    @TempDir
    Path dir;

    private final AtomicReference<TelemetrySnapshot> snapshot = new AtomicReference<>();
    private AuditLog audit;
    private TelemetryServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        audit = new AuditLog(dir.resolve("audit.log"));
        audit.append("started");
        audit.append("healing mode set to advisory by identity bench from 127.0.0.1:40000");
        FirmwareControl side = new ScriptedFirmware(snapshot::get, audit) {
            @Override
            public List<String> rules() {
                return List.of("example", "heal-resistance");
            }
        };
        server = new TelemetryServer(
                side,
                new InetSocketAddress("127.0.0.1", 0),
                null,
                List.of(),
                AccessPolicy.loopbackReadsOnly(),
                3,
                1000);
        server.start();
        base = "coap://127.0.0.1:" + server.port() + "/";
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        audit.close();
    }

    private static final long EPOCH_MS = 1_764_000_000_123L;

    private static ImpedanceRecord sweep(int day) {
        return new ImpedanceRecord(
                EPOCH_MS - (20 - day) * 86_400_000L,
                0.8,
                25.0,
                new CellImpedanceCircuit(
                        1e-7, 0.018 + day * 1e-5, 0.003, 1e-4, 0.8, 0.012 + day * 1e-5, 0.0055, 0.85, 0.003),
                0.002,
                24);
    }

    /** Signatures, rules that acted, a history; names SenML does not allow as they are, two of which collide once made valid. */
    static TelemetrySnapshot busy() {
        return new TelemetrySnapshot(
                7,
                EPOCH_MS,
                "normal",
                1.45,
                10.0,
                List.of("cell_overtemperature", "contactor_weld"),
                List.of(
                        new TelemetrySnapshot.Cell(1, 3.71, 25.5, 0.8, 0.01, 1.02, 0.75, true, 27.9, 0.6),
                        new TelemetrySnapshot.Cell(2, 3.70, 26.0, 0.79, 0.01, 1.01, 1.0, false, 26.1, 0.5),
                        new TelemetrySnapshot.Cell(3, 3.69, 26.5, 0.78, 0.01, 1.00, 1.0, false, 26.6, 0.5)),
                List.of(
                        new TelemetrySnapshot.Signature("hot_spot", 2, 0.4, 0.8, "31.0 degC, 6.0 K above"),
                        new TelemetrySnapshot.Signature("resistance_growth", 1, 0.2, 0.9, "R0 +12 %")),
                List.of(
                        new TelemetrySnapshot.Reading("cell 1 voltage", "V", 3.71, "ok"),
                        new TelemetrySnapshot.Reading("cell 1 surface", "degC", 25.5, "ok"),
                        new TelemetrySnapshot.Reading("cell 2 fbg strain", "1", 1.2e-5, "ok"),
                        new TelemetrySnapshot.Reading("cell 2 fbg wavelength", "nm", 1530.006, "ok"),
                        new TelemetrySnapshot.Reading("pack charge", "Ah", -0.25, "ok"),
                        new TelemetrySnapshot.Reading("T (ambient) #1", "degC", 21.0, "ok"),
                        new TelemetrySnapshot.Reading("T_ambient_1", "degC", 21.5, "ok"),
                        new TelemetrySnapshot.Reading("_underscore first", "degC", 22.0, "ok")),
                List.of(
                        new TelemetrySnapshot.RuleTally("heal-resistance", 3, 1, 0, 2),
                        new TelemetrySnapshot.RuleTally("binder heal (on growth)", 1, 0, 1, 0),
                        new TelemetrySnapshot.RuleTally("heal-resistance/eis", 2, 0, 0, 0)),
                List.of(new TelemetrySnapshot.Impedance(
                        1,
                        List.of(sweep(0)),
                        IntStream.range(1, 20)
                                .mapToObj(SenmlConformanceTest::sweep)
                                .toList(),
                        20,
                        false)));
    }

    /** Nothing active, nothing acted, no sweep yet, and values the firmware does not know (NaN). */
    static TelemetrySnapshot empty() {
        return new TelemetrySnapshot(
                1,
                EPOCH_MS,
                "standby",
                0,
                0,
                List.of(),
                List.of(
                        new TelemetrySnapshot.Cell(
                                1, 3.71, 25.5, 0.8, 0.01, Double.NaN, 1.0, false, Double.NaN, Double.NaN),
                        new TelemetrySnapshot.Cell(
                                2,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                false,
                                Double.NaN,
                                Double.NaN),
                        new TelemetrySnapshot.Cell(
                                3, 3.69, 26.5, 0.78, 0.01, 1.00, 1.0, false, Double.NaN, Double.NaN)),
                List.of(),
                List.of(
                        new TelemetrySnapshot.Reading("cell 1 voltage", "V", Double.NaN, "stale"),
                        new TelemetrySnapshot.Reading("cell 1 surface", "degC", Double.NaN, "sensor_fault")),
                List.of(),
                List.of(new TelemetrySnapshot.Impedance(1, List.of(), List.of(), 0, true)));
    }

    @Test
    void everyReadResourceIsValidSenmlInBothFormatsWhenBusy() throws Exception {
        snapshot.set(busy());
        Map<String, List<Map<String, Object>>> packs = checkEveryResource();
        // Channel names and rule ids become valid names; the two that collide stay two records.
        assertThat(names(packs.get("/readings")))
                .contains(
                        "urn:dev:healbms:reading:cell_1_voltage",
                        "urn:dev:healbms:reading:cell_1_voltage:quality",
                        "urn:dev:healbms:reading:T_ambient_1",
                        "urn:dev:healbms:reading:T_ambient_1_2",
                        "urn:dev:healbms:reading:_underscore_first");
        assertThat(names(packs.get("/healing/efficacy")))
                .contains(
                        "urn:dev:healbms:rule:binder_heal_on_growth_:improved",
                        "urn:dev:healbms:rule:heal-resistance/eis:aborted",
                        "urn:dev:healbms:rules_acted");
        assertThat(value(packs.get("/healing/efficacy"), "urn:dev:healbms:rules_acted"))
                .isEqualTo(3.0);
        assertThat(value(packs.get("/signatures"), "urn:dev:healbms:signatures"))
                .isEqualTo(2.0);
        assertThat(names(packs.get("/cells/1/impedance")))
                .contains("urn:dev:healbms:cell:1:r_ct", "urn:dev:healbms:cell:1:history:r_ct");
        // Each active fault is a record of its own name: two faults are two sensors, not one read twice.
        assertThat(names(packs.get("/pack")))
                .contains(
                        "urn:dev:healbms:pack:active_fault:cell_overtemperature",
                        "urn:dev:healbms:pack:active_fault:contactor_weld");
    }

    @Test
    void everyReadResourceIsValidSenmlInBothFormatsWhenEmpty() throws Exception {
        snapshot.set(empty());
        Map<String, List<Map<String, Object>>> packs = checkEveryResource();
        // Empty lists still give a pack: the count record says how many (none).
        assertThat(packs.get("/signatures")).singleElement().satisfies(r -> {
            assertThat(r)
                    .containsEntry("n", "urn:dev:healbms:signatures")
                    .containsEntry("v", 0.0)
                    .containsEntry("u", "count");
        });
        assertThat(packs.get("/healing/efficacy"))
                .singleElement()
                .satisfies(r -> assertThat(r)
                        .containsEntry("n", "urn:dev:healbms:rules_acted")
                        .containsEntry("v", 0.0));
        // Unknown values have no record at all (in both forms: checkEveryResource compared them).
        assertThat(names(packs.get("/cells/2"))).containsExactly("urn:dev:healbms:cell:2:heating");
        assertThat(names(packs.get("/cells/1")))
                .doesNotContain("urn:dev:healbms:cell:1:soh_resistance", "urn:dev:healbms:cell:1:core_temperature")
                .contains("urn:dev:healbms:cell:1:voltage");
        assertThat(names(packs.get("/readings")))
                .containsExactly(
                        "urn:dev:healbms:reading:cell_1_voltage:quality",
                        "urn:dev:healbms:reading:cell_1_surface:quality",
                        "urn:dev:healbms:channels");
        assertThat(names(packs.get("/cells/1/impedance")))
                .containsExactly(
                        "urn:dev:healbms:cell:1:recorded",
                        "urn:dev:healbms:cell:1:held",
                        "urn:dev:healbms:cell:1:baselines",
                        "urn:dev:healbms:cell:1:sweeping");
        assertThat(names(packs.get("/pack"))).doesNotContain("urn:dev:healbms:pack:active_fault");
    }

    private Map<String, List<Map<String, Object>>> checkEveryResource() throws Exception {
        Map<String, List<Map<String, Object>>> packs = SenmlRules.checkEveryResource(base, true);
        assertThat(packs.keySet())
                .containsExactlyInAnyOrder(
                        "/pack",
                        "/cells/1",
                        "/cells/2",
                        "/cells/3",
                        "/cells/1/impedance",
                        "/signatures",
                        "/readings",
                        "/audit",
                        "/healing/efficacy");
        return packs;
    }

    private static List<String> names(List<Map<String, Object>> records) {
        return SenmlRules.names(records);
    }

    private static Object value(List<Map<String, Object>> records, String name) {
        return SenmlRules.value(records, name);
    }

    private CoapResponse get(String path, int accept) throws Exception {
        return SenmlRules.get(base, path, accept);
    }

    /** Californium's client sends Accept; plain text is refused by SenML resources (4.06), not answered in SenML. */
    @Test
    void aSenmlResourceRefusesAFormatItCannotGive() throws Exception {
        snapshot.set(busy());
        assertThat(get("pack", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get("audit", MediaTypeRegistry.APPLICATION_JSON).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get("rules", Senml.CONTENT_FORMAT_JSON).getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
        assertThat(get("rules", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.CONTENT);
    }
}
