package org.healbms.core.impedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hipparchus.complex.Complex;
import org.junit.jupiter.api.Test;

class ImpedanceFitTest {

    /** Shaped like the Panasonic NCR18650PF at 25 degC, 6 kHz down to 1.4 mHz, 54 points. */
    static final CellImpedanceCircuit KNOWN =
            new CellImpedanceCircuit(2.4e-7, 0.0205, 0.0030, 8e-4, 0.75, 0.028, 0.12, 0.85, 0.0025);

    static List<ImpedanceSample> spectrum(CellImpedanceCircuit c, double relativeNoise, long seed) {
        Random random = new Random(seed);
        List<ImpedanceSample> s = new ArrayList<>();
        for (int i = 0; i < 54; i++) {
            double f = 6000 * Math.pow(1.4e-3 / 6000, i / 53.0);
            Complex z = c.impedanceAt(f);
            double m = z.norm();
            s.add(new ImpedanceSample(
                    f,
                    z.getReal() + relativeNoise * m * random.nextGaussian(),
                    z.getImaginary() + relativeNoise * m * random.nextGaussian()));
        }
        return s;
    }

    @Test
    void recoversKnownParametersFromANoisySpectrum() {
        ImpedanceFit.Result r = ImpedanceFit.fit(spectrum(KNOWN, 0.002, 1));
        CellImpedanceCircuit c = r.circuit();
        assertThat(c.ohmicOhm()).isCloseTo(KNOWN.ohmicOhm(), within(0.02 * KNOWN.ohmicOhm()));
        assertThat(c.chargeTransferOhm())
                .isCloseTo(KNOWN.chargeTransferOhm(), within(0.05 * KNOWN.chargeTransferOhm()));
        assertThat(c.chargeTransferTauS())
                .isCloseTo(KNOWN.chargeTransferTauS(), within(0.15 * KNOWN.chargeTransferTauS()));
        assertThat(c.warburgOhmPerSqrtS())
                .isCloseTo(KNOWN.warburgOhmPerSqrtS(), within(0.05 * KNOWN.warburgOhmPerSqrtS()));
        assertThat(c.inductanceH()).isCloseTo(KNOWN.inductanceH(), within(0.05 * KNOWN.inductanceH()));
        // The residual is the noise, no more.
        assertThat(r.relativeRmsError()).isBetween(0.001, 0.004);
    }

    @Test
    void aGrowingChargeTransferResistanceIsSeenAsSuch() {
        CellImpedanceCircuit aged =
                new CellImpedanceCircuit(2.4e-7, 0.0215, 0.0040, 8e-4, 0.75, 0.042, 0.12, 0.85, 0.0025);
        double fresh = ImpedanceFit.fit(spectrum(KNOWN, 0.002, 2)).circuit().chargeTransferOhm();
        double old = ImpedanceFit.fit(spectrum(aged, 0.002, 3)).circuit().chargeTransferOhm();
        assertThat(old / fresh).isCloseTo(1.5, within(0.1));
    }

    @Test
    void tooFewPointsAreRefused() {
        assertThatThrownBy(() -> ImpedanceFit.fit(spectrum(KNOWN, 0, 1).subList(0, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 18 points");
    }
}
