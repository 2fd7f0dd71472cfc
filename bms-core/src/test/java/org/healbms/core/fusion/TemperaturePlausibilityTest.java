package org.healbms.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import org.healbms.core.fusion.TemperaturePlausibility.Verdict;
import org.junit.jupiter.api.Test;

class TemperaturePlausibilityTest {

    private static final long S = 1_000_000_000L;
    private static final double[] NEIGHBOURS = {25.2, 24.8, 25.5};

    @Test
    void agreeingSensorsAreConsistent() {
        assertThat(new TemperaturePlausibility().judge(25.1, 26.0, NEIGHBOURS, 0))
                .isEqualTo(Verdict.CONSISTENT);
    }

    @Test
    void aJumpingSensorHasFailedWhicheverWay() {
        TemperaturePlausibility p = new TemperaturePlausibility();
        p.judge(25.1, 25.3, NEIGHBOURS, 0);
        // The NTC reads 60 degC one second later: no cell warms 35 K in a second.
        assertThat(p.judge(60.0, 25.4, NEIGHBOURS, S)).isEqualTo(Verdict.NTC_FAILED);
        TemperaturePlausibility q = new TemperaturePlausibility();
        q.judge(25.1, 25.3, NEIGHBOURS, 0);
        assertThat(q.judge(25.2, -30.0, NEIGHBOURS, S)).isEqualTo(Verdict.FBG_FAILED);
    }

    /** A sensor that drifted away slowly: the neighbours decide which one is off. */
    @Test
    void aDriftingSensorIsJudgedAgainstTheNeighbours() {
        TemperaturePlausibility p = new TemperaturePlausibility();
        double ntc = 25.0;
        Verdict last = null;
        for (int k = 0; k < 600; k++) {
            ntc -= 0.02; // an NTC whose divider drifts: 12 K low over 10 min
            last = p.judge(ntc, 25.3, NEIGHBOURS, k * S);
        }
        assertThat(last).isEqualTo(Verdict.NTC_FAILED);
    }

    /** The FBG sees the core warming before the can's NTC does: the cell changed, not a sensor. */
    @Test
    void aGradualLocalWarmingIsTheCellNotASensor() {
        TemperaturePlausibility p = new TemperaturePlausibility();
        double fbg = 25.3;
        Verdict last = null;
        for (int k = 0; k < 600; k++) {
            fbg += 0.01; // +6 K over 10 min inside the cell
            last = p.judge(25.4, fbg, NEIGHBOURS, k * S);
        }
        assertThat(last).isEqualTo(Verdict.CELL_CHANGED);
    }

    @Test
    void withoutNeighboursAndWithoutAJumpItCannotTell() {
        TemperaturePlausibility p = new TemperaturePlausibility();
        p.judge(25.0, 25.0, new double[0], 0);
        assertThat(p.judge(25.0, 32.0, new double[0], 600 * S)).isEqualTo(Verdict.UNDECIDED);
        assertThat(p.judge(Double.NaN, 25.0, NEIGHBOURS, 601 * S)).isEqualTo(Verdict.NTC_FAILED);
    }
}
