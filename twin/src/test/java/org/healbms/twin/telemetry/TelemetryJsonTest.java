package org.healbms.twin.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.healbms.core.reading.Quality;
import org.junit.jupiter.api.Test;

class TelemetryJsonTest {

    private static TelemetryRecord record() {
        return new TelemetryRecord(
                7,
                1_767_225_600_123_456_789L,
                -2.3456789012345678,
                Quality.OK,
                new double[] {3.712345678901234, Double.NaN},
                new Quality[] {Quality.OK, Quality.COMMS_FAULT},
                new double[] {25.1, 24.9},
                new Quality[] {Quality.OK, Quality.STALE},
                List.of("CELL_OVERVOLTAGE", "CURRENT_MEASUREMENT"));
    }

    @Test
    void aRecordComesBackWithEveryDigitAndQuality() throws Exception {
        TelemetryRecord back = TelemetryJson.read(TelemetryJson.write(record()));
        assertThat(back.tick()).isEqualTo(7);
        assertThat(back.timeNanos()).isEqualTo(1_767_225_600_123_456_789L);
        assertThat(back.currentA()).isEqualTo(-2.3456789012345678);
        assertThat(back.cellVoltageV()[0]).isEqualTo(3.712345678901234);
        assertThat(back.cellVoltageV()[1]).isNaN();
        assertThat(back.cellVoltageQuality()).containsExactly(Quality.OK, Quality.COMMS_FAULT);
        assertThat(back.cellTemperatureQuality()).containsExactly(Quality.OK, Quality.STALE);
        assertThat(back.frame().values()).hasSize(5);
        assertThat(back.protectionFaults()).containsExactly("CELL_OVERVOLTAGE", "CURRENT_MEASUREMENT");
        assertThat(new String(TelemetryJson.write(record()), StandardCharsets.UTF_8))
                .contains("\"protection_faults\":[\"cell_overvoltage\",\"current_measurement\"]");
    }

    @Test
    void aRecordWithoutProtectionFaultsHasNone() throws Exception {
        String before = json(",\"protection_faults\":[\"cell_overvoltage\",\"current_measurement\"]", "");
        assertThat(before).doesNotContain("protection_faults");
        assertThat(TelemetryJson.read(before.getBytes(StandardCharsets.UTF_8)).protectionFaults())
                .isEmpty();
    }

    private static String json(String replace, String with) {
        return new String(TelemetryJson.write(record()), StandardCharsets.UTF_8).replace(replace, with);
    }

    @Test
    void aBadRecordIsRefusedNamingTheFieldAndTheProblem() {
        assertThatThrownBy(() -> TelemetryJson.read("{\"tick\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TelemetryFormatException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> TelemetryJson.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("not a JSON object");
        String fractionalTick = json("\"tick\":7", "\"tick\":7.5");
        assertThatThrownBy(() -> TelemetryJson.read(fractionalTick.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("tick must be an integer");
        assertThatThrownBy(() ->
                        TelemetryJson.read(json("\"comms_fault\"", "\"ok\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("cell_voltage_v[1] has no value but its quality is ok");
        assertThatThrownBy(
                        () -> TelemetryJson.read(json("\"stale\"", "\"warm\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("cell_temperature_quality[1] must be one of ok, stale");
        assertThatThrownBy(
                        () -> TelemetryJson.read(json("[25.1,24.9]", "[25.1]").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("cell_temperature_degc has 1 entries but cell_voltage_v has 2");
        String textCurrent = json("\"current_a\":", "\"current_a\":\"x\",\"was\":");
        assertThatThrownBy(() -> TelemetryJson.read(textCurrent.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("current_a must be a number or null");
        assertThatThrownBy(() -> TelemetryJson.read(
                        json("\"current_measurement\"]", "7]").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("protection_faults[1] must be a fault id (lower case letters, digits, _), got 7");
        assertThatThrownBy(() -> TelemetryJson.read(json("\"current_measurement\"]", "\"cell_overvoltage\"]")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("protection_faults names cell_overvoltage twice");
        assertThatThrownBy(() -> TelemetryJson.read(
                        json("[\"cell_overvoltage\",\"current_measurement\"]", "\"cell_overvoltage\"")
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("protection_faults must be an array, got \"cell_overvoltage\"");
    }
}
