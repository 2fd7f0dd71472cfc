package org.healbms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.junit.jupiter.api.Test;

class SensorFaultDetectorTest {

    private static final List<Channel> LAYOUT = List.of(
            new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1),
            new Channel("cell 1 surface", ChannelKind.TEMPERATURE, 1),
            new Channel("cell 2 surface", ChannelKind.TEMPERATURE, 2));

    private static ReadingFrame frame(long s, Quality cell1Temperature) {
        return new ReadingFrame(
                s,
                s * 1_000_000_000L,
                LAYOUT,
                new double[] {3.7, Double.NaN, 25},
                new Quality[] {Quality.OK, cell1Temperature, Quality.OK},
                new long[3]);
    }

    @Test
    void aPersistentSensorFaultIsASignatureAFlickerIsNot() {
        SensorFaultDetector d = new SensorFaultDetector(5_000_000_000L);
        assertThat(d.update(frame(0, Quality.SENSOR_FAULT))).isEmpty();
        assertThat(d.update(frame(1, Quality.OK))).isEmpty(); // a one-second flicker
        for (long s = 2; s < 7; s++) {
            assertThat(d.update(frame(s, Quality.SENSOR_FAULT))).isEmpty();
        }
        assertThat(d.update(frame(7, Quality.SENSOR_FAULT))).singleElement().satisfies(sig -> {
            assertThat(sig.kind()).isEqualTo(SignatureKind.SENSOR_FAULT);
            assertThat(sig.cell()).isEqualTo(1);
            assertThat(sig.evidence()).contains("cell 1 surface (sensor_fault)");
        });
    }
}
