package org.healbms.drivers.ntc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The NTC vectors of the fact sheet (§3), for the Semitec 103AT on a 10 kOhm divider. */
class ThermistorTest {

    private static final SteinhartHart FITTED = SteinhartHart.fit(SteinhartHart.SEMITEC_103AT);
    private static final ThermistorDivider DIVIDER = new ThermistorDivider(FITTED, 10_000);

    @Test
    void commonSteinhartHartSetVectors() {
        SteinhartHart common = new SteinhartHart(1.129148e-3, 2.34125e-4, 8.76741e-8);
        assertThat(common.temperatureDegC(10_000)).isCloseTo(25.00, within(0.005));
        assertThat(common.temperatureDegC(5_000)).isCloseTo(41.57, within(0.005));
        assertThat(common.resistanceOhm(41.57)).isCloseTo(5_000, within(1.0));
    }

    @Test
    void theFitFollowsTheVendorTable() {
        for (SteinhartHart.Point p : SteinhartHart.SEMITEC_103AT) {
            assertThat(FITTED.temperatureDegC(p.resistanceOhm()))
                    .as("%s", p)
                    .isCloseTo(p.temperatureDegC(), within(0.05));
            assertThat(FITTED.resistanceOhm(p.temperatureDegC()) / p.resistanceOhm())
                    .isCloseTo(1.0, within(0.002));
        }
        // The fact sheet's table follows the B25/85 = 3435 K Beta law itself (its R-T values were
        // computed from it), so here the Beta law and the fit agree across the range.
        BetaThermistor beta = new BetaThermistor(10_000, 3435);
        assertThat(beta.temperatureDegC(10_000)).isCloseTo(25.0, within(1e-9));
        assertThat(beta.temperatureDegC(248_300)).isCloseTo(-40.0, within(0.01));
        assertThat(beta.resistanceOhm(85)).isCloseTo(1_451, within(2.0));
    }

    @Test
    void twelveBitDividerVectors() {
        assertThat(DIVIDER.fromCode(0x800, 4096).temperatureDegC()).isCloseTo(25.0, within(0.05));
        assertThat(DIVIDER.fromCode(0xBDE, 4096).temperatureDegC()).isCloseTo(-0.01, within(0.05));
        assertThat(DIVIDER.fromCode(0x3AD, 4096).temperatureDegC()).isCloseTo(59.98, within(0.05));
    }

    /** The fault limits come from the thermistor's range and land on the fact sheet's codes. */
    @Test
    void openAndShortLimitsAreDerivedFromTheRange() {
        assertThat(4096 * DIVIDER.ratioAt(-40)).isCloseTo(3937.4, within(0.5));
        assertThat(4096 * DIVIDER.ratioAt(125)).isCloseTo(214.9, within(0.5));
        assertThat(DIVIDER.fromCode(3938, 4096).fault()).isEqualTo(ThermistorDivider.Fault.OPEN);
        assertThat(DIVIDER.fromCode(4095, 4096).fault()).isEqualTo(ThermistorDivider.Fault.OPEN);
        assertThat(DIVIDER.fromCode(214, 4096).fault()).isEqualTo(ThermistorDivider.Fault.SHORT);
        assertThat(DIVIDER.fromCode(0, 4096).fault()).isEqualTo(ThermistorDivider.Fault.SHORT);
        assertThat(DIVIDER.fromCode(3936, 4096).fault()).isEqualTo(ThermistorDivider.Fault.NONE);
        // One code is 0.15 K at this end of the curve.
        assertThat(DIVIDER.fromCode(3936, 4096).temperatureDegC()).isCloseTo(-40, within(0.2));
    }

    /** ADS1115 at +-4.096 V reading a 3.3 V divider: 0x3390 is 1.65 V, half the supply: 25 degC. */
    @Test
    void voltageReadingWithAMeasuredSupply() {
        double volts = 0x3390 * 4.096 / 32768;
        assertThat(volts).isCloseTo(1.650, within(1e-9));
        assertThat(DIVIDER.fromRatio(volts / 3.3).temperatureDegC()).isCloseTo(25.0, within(0.05));
    }
}
