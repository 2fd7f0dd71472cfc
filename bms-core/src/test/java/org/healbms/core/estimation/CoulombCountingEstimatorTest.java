package org.healbms.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SyntheticCells;
import org.junit.jupiter.api.Test;

class CoulombCountingEstimatorTest {

    @Test
    void integratesCurrentWithEfficiencyOnChargeOnly() {
        CellParameters p = SyntheticCells.nca(0.005); // 3 Ah, efficiency 0.999
        CoulombCountingEstimator cc = new CoulombCountingEstimator(p);
        cc.reset(0.5);
        cc.update(3600, -1.5, 3.7, 25); // 1.5 Ah out: -0.5
        assertThat(cc.soc()).isCloseTo(0.0, within(1e-12));
        cc.update(1800, 3.0, 3.7, 25); // 1.5 Ah in, 0.999 stored
        assertThat(cc.soc()).isCloseTo(0.999 * 0.5, within(1e-12));
        cc.update(0, 100, 3.7, 25); // no time, no charge
        cc.update(10, Double.NaN, 3.7, 25);
        assertThat(cc.soc()).isCloseTo(0.999 * 0.5, within(1e-12));
        double q = p.noise().socProcessSigmaPerSqrtS();
        assertThat(cc.socSigma()).isCloseTo(Math.sqrt(0.09 + q * q * 5400), within(1e-12));
    }
}
