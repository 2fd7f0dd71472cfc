package org.healbms.firmware.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Battery Pass export, validated against the consortium's own schema. */
class BatteryPassExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static BatteryPassSchema schema;

    @BeforeAll
    static void schema() throws Exception {
        schema = BatteryPassSchema.load();
    }

    @Test
    void thePacksPassportWithTheManufacturersDeclarationValidatesAgainstTheModel() throws Exception {
        BatteryPassExport.Export export =
                BatteryPassExport.export(PassportFixture.twoCells(), 0, JSON.readTree(PassportFixture.DECLARATION));
        assertThat(export.notKnown()).isEmpty();
        assertThat(schema.validate(export.document())).isEmpty();
        BatteryPassExport.Export cell =
                BatteryPassExport.export(PassportFixture.twoCells(), 2, JSON.readTree(PassportFixture.DECLARATION));
        assertThat(schema.validate(cell.document())).isEmpty();
    }

    /** Nothing is made up: without a declaration exactly what the firmware cannot know is missing, and said. */
    @Test
    void withoutADeclarationOnlyWhatTheFirmwareCannotKnowIsMissing() {
        BatteryPassExport.Export export = BatteryPassExport.export(PassportFixture.twoCells(), 0, null);
        assertThat(export.notKnown())
                .containsExactlyInAnyOrder(
                        "batteryTechicalProperties.ratedMaximumPower",
                        "batteryTechicalProperties.powerCapabilityRatio",
                        "batteryTechicalProperties.ratedEnergy",
                        "batteryTechicalProperties.expectedNumberOfCycles",
                        "batteryTechicalProperties.initialSelfDischarge",
                        "batteryTechicalProperties.roundtripEfficiency",
                        "batteryTechicalProperties.expectedLifetime",
                        "batteryTechicalProperties.nominalVoltage",
                        "batteryTechicalProperties.capacityThresholdForExhaustion",
                        "batteryTechicalProperties.lifetimeReferenceTest",
                        "batteryTechicalProperties.cRateLifeCycleTest",
                        "batteryTechicalProperties.temperatureRangeIdleState",
                        "batteryTechicalProperties.roundTripEfficiencyat50PerCentCycleLife",
                        "batteryTechicalProperties.roundTripEfficiencyFade",
                        "batteryCondition.stateOfCertifiedEnergy",
                        "batteryCondition.remainingEnergy",
                        "batteryCondition.evolutionOfSelfDischarge",
                        "batteryCondition.currentSelfDischargingRate",
                        "batteryCondition.remainingRoundTripEnergyEfficiency");
        List<Error> errors = schema.validate(export.document());
        assertThat(errors).allSatisfy(e -> assertThat(e.getKeyword()).isEqualTo("required"));
        // The validator reports a missing attribute once per schema that requires it (the entity and its allOf).
        assertThat(errors.stream()
                        .map(e -> e.getInstanceLocation()
                                        .toString()
                                        .replace("/", "")
                                        .replace("$.", "") + "." + e.getProperty())
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(export.notKnown());
    }

    @Test
    void theFiguresAreTheLifeStorysInTheModelsUnits() {
        JsonNode c = BatteryPassExport.export(PassportFixture.twoCells(), 0, null)
                .document()
                .get("batteryCondition");
        assertThat(c.at("/energyThroughput/energyThroughputValue").asDouble()).isCloseTo(0.432, within(1e-12));
        assertThat(c.at("/energyThroughput/lastUpdate").asText()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(c.at("/capacityThroughput/capacityThroughputValue").asDouble())
                .isEqualTo(59.0);
        assertThat(c.at("/numberOfFullCycles/numberOfFullCyclesValue").isIntegralNumber())
                .isTrue();
        assertThat(c.at("/numberOfFullCycles/numberOfFullCyclesValue").asLong())
                .as("59 Ah / (2 x 2.9 Ah)")
                .isEqualTo(10);
        assertThat(c.at("/capacityFade/capacityFadeValue").asDouble())
                .as("the weakest cell's")
                .isCloseTo(5.0, within(1e-9));
        assertThat(c.at("/remainingCapacity/remainingCapacityValue").asDouble()).isEqualTo(2.755);
        assertThat(c.at("/temperatureInformation/timeExtremeHighTempCharging").asDouble())
                .isEqualTo(10.0);
        assertThat(c.at("/temperatureInformation/timeExtremeHighTemp").asDouble())
                .isEqualTo(2.0);
        assertThat(c.at("/stateOfCharge/stateOfChargeValue").asDouble())
                .as("1.653 Ah out, 0.853 Ah in")
                .isCloseTo(100 * 1.653 / (1.653 + 0.3 * 2.842), within(1e-9));
        assertThat(c.at("/remainingPowerCapability/remainingPowerCapabilityValue/powerCapabilityAt")
                        .asDouble())
                .isCloseTo(100 / 1.15, within(1e-9));
        List<String> events = StreamSupport.stream(c.get("negativeEvents").spliterator(), false)
                .map(e -> e.get("negativeEvent").asText() + " @ "
                        + e.get("lastUpdate").asText())
                .toList();
        assertThat(events)
                .containsExactly(
                        "deep discharge (a cell below 2.500 V): 2 events, the last at 2026-01-01T23:59:55Z"
                                + " @ 2026-01-01T23:59:55Z",
                        "overcharge (a cell above 4.200 V): 1 events, the last at 2026-01-01T23:59:59Z @ 2026-01-01T23:59:59Z",
                        "protection fault CELL_OVERVOLTAGE: raised 1 times, the last at 2026-01-01T23:59:59Z"
                                + " @ 2026-01-01T23:59:59Z");
        assertThat(c.get("internalResistanceIncrease"))
                .extracting(n -> n.get("batteryComponent").asText() + " "
                        + Math.round(n.get("internalResistanceIncreaseValue").asDouble() * 1000) / 1000.0)
                .containsExactly("pack 15.0", "cell 20.0", "cell 10.0");
        JsonNode t = BatteryPassExport.export(PassportFixture.twoCells(), 0, null)
                .document()
                .get("batteryTechicalProperties");
        assertThat(t.get("ratedCapacity").asDouble()).isEqualTo(2.9);
        assertThat(t.get("maximumVoltage").asDouble()).isEqualTo(8.4);
        assertThat(t.at("/initialInternalResistance/0/ohmicResistance").asDouble())
                .isCloseTo(0.06, within(1e-12));
        assertThat(t.get("powerFade").asDouble()).isCloseTo((1 - 1 / 1.15) * 100, within(1e-9));
        assertThat(t.get("originalPowerCapability")).isEmpty();
    }

    @Test
    void oneCellsPassportHasItsOwnFigures() {
        JsonNode d =
                BatteryPassExport.export(PassportFixture.twoCells(), 2, null).document();
        assertThat(d.at("/batteryCondition/stateOfCharge/stateOfChargeValue").asDouble())
                .isCloseTo(70, within(1e-9));
        assertThat(d.at("/batteryCondition/energyThroughput/energyThroughputValue")
                        .asDouble())
                .isCloseTo(0.217, within(1e-12));
        assertThat(d.at("/batteryCondition/internalResistanceIncrease")).hasSize(1);
        assertThat(d.at("/batteryCondition/negativeEvents/1/negativeEvent").asText())
                .startsWith("overcharge")
                .contains("1 events");
        assertThat(d.at("/batteryTechicalProperties/maximumVoltage").asDouble()).isEqualTo(4.2);
        assertThat(d.at("/batteryTechicalProperties/initialInternalResistance/0/batteryComponent")
                        .asText())
                .isEqualTo("cell");
    }

    @Test
    void aDeclarationMayNotOverrideWhatTheFirmwareMeasures() throws Exception {
        assertThatThrownBy(() -> BatteryPassExport.export(
                        PassportFixture.twoCells(),
                        0,
                        JSON.readTree("{\"batteryCondition\": {\"stateOfCharge\": {}}}")))
                .hasMessage("declaration: batteryCondition.stateOfCharge is measured by the firmware;"
                        + " it cannot be declared");
        assertThatThrownBy(() -> BatteryPassExport.export(
                        PassportFixture.twoCells(),
                        0,
                        JSON.readTree("{\"batteryTechicalProperties\": {\"ratedCapacty\": 3}}")))
                .hasMessageContaining("ratedCapacty is not an attribute of batteryTechicalProperties");
        assertThatThrownBy(() -> BatteryPassExport.export(PassportFixture.twoCells(), 3, null))
                .hasMessage("--cell 3: the pack has cells 1..2");
    }
}
