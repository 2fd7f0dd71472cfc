package org.healbms.core.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SocTemperatureTable;
import org.junit.jupiter.api.Test;

/** The model's error at the end of long rests is the error of its OCV. */
class RestEndsTest {

    @Test
    void findsTheLongRestsOfAPulseTestAndNotTheShortOnes() {
        CellParameters truth = CellIdentificationTest.truth();
        CellRecording pulses = CellIdentificationTest.pulseTest(truth);

        List<Integer> ends = RestEnds.of(pulses, truth.capacityAh());

        // Nine 30 min rests after the 10 % steps; the 2 min rests between pulses are too short.
        assertThat(ends).hasSize(9);
        for (int k : ends) {
            assertThat(pulses.currentA()[k]).isZero();
        }
    }

    @Test
    void measuresAnOcvErrorAtRestAndNothingForTheTrueModel() {
        CellParameters truth = CellIdentificationTest.truth();
        CellRecording pulses = CellIdentificationTest.pulseTest(truth);
        SocTemperatureTable ocv = truth.ocvV();
        double[][] low = new double[ocv.values().length][];
        for (int r = 0; r < low.length; r++) {
            low[r] = ocv.values()[r].clone();
            for (int s = 0; s < low[r].length; s++) {
                low[r][s] -= 0.010;
            }
        }
        CellParameters lowOcv = new CellParameters(
                truth.name(),
                truth.charge(),
                truth.window(),
                new SocTemperatureTable(ocv.soc(), ocv.temperatureDegC(), low),
                truth.impedance(),
                truth.hysteresis(),
                truth.noise());

        RestEnds.Error exact = RestEnds.error(List.of(pulses), truth);
        RestEnds.Error offset = RestEnds.error(List.of(pulses), lowOcv);

        assertThat(exact.count()).isEqualTo(9);
        assertThat(exact.rmsV()).isLessThan(0.002);
        assertThat(offset.meanV()).isCloseTo(0.010, within(0.002));
    }
}
