package org.healbms.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FbgDecouplingTest {

    /** Fact-sheet vector: reference +100 pm -> 10 K; sensor +220 pm -> (220 - 100)/1.2 = 100 microstrain. */
    @Test
    void referenceGratingVectorFromTheFactSheet() {
        GratingCalibration sensor = GratingCalibration.bareSilica(1530.0, 25.0);
        GratingCalibration reference = GratingCalibration.bareSilica(1550.0, 25.0);
        var r = FbgDecoupling.withReference(sensor, 1530.220, reference, 1550.100);
        assertThat(r.temperatureDegC()).isCloseTo(35.0, within(1e-9));
        assertThat(r.strain()).isCloseTo(100e-6, within(1e-12));
    }

    @Test
    void aQuadraticTemperatureTermIsSolvedNotIgnored() {
        GratingCalibration reference = new GratingCalibration(1550.0, 25.0, 10.0, 0.02, 0.0);
        // 30 K: 300 pm + 0.02*900 = 318 pm
        var r = FbgDecoupling.withReference(GratingCalibration.bareSilica(1530, 25), 1530.300, reference, 1550.318);
        assertThat(r.temperatureDegC()).isCloseTo(55.0, within(1e-9));
        assertThat(r.strain()).isCloseTo(0.0, within(1e-12));
    }

    /** Two gratings of different sensitivity (one polymer-coated): the 2x2 inversion recovers both. */
    @Test
    void twoGratingsWithDifferentSensitivitiesAreInverted() {
        GratingCalibration bare = GratingCalibration.bareSilica(1540.0, 25.0);
        GratingCalibration coated = new GratingCalibration(1560.0, 25.0, 28.0, 0.0, 0.9);
        double dT = 7.5;
        double microstrain = 340;
        double bareNm = 1540.0 + (10.0 * dT + 1.2 * microstrain) / 1000;
        double coatedNm = 1560.0 + (28.0 * dT + 0.9 * microstrain) / 1000;
        var r = FbgDecoupling.withTwoGratings(bare, bareNm, coated, coatedNm);
        assertThat(r.temperatureDegC()).isCloseTo(32.5, within(1e-6));
        assertThat(r.strain()).isCloseTo(340e-6, within(1e-11));
        assertThat(FbgDecoupling.disagreementK(r, 31.0)).isCloseTo(1.5, within(1e-6));
    }

    /** With a quadratic term on the coated grating the linear inversion would be off by kelvins at 40 K. */
    @Test
    void twoGratingsWithAQuadraticTermAreSolvedExactly() {
        GratingCalibration bare = new GratingCalibration(1540.0, 25.0, 10.0, 0.008, 1.2);
        GratingCalibration coated = new GratingCalibration(1560.0, 25.0, 28.0, 0.05, 0.9);
        double t = 65.0;
        double strain = -150e-6;
        var r = FbgDecoupling.withTwoGratings(
                bare, bare.wavelengthNm(t, strain), coated, coated.wavelengthNm(t, strain));
        assertThat(r.temperatureDegC()).isCloseTo(t, within(1e-6));
        assertThat(r.strain()).isCloseTo(strain, within(1e-11));
        // A peak no temperature can explain (the coated grating far below anything physical) is not a number.
        var bad = FbgDecoupling.withTwoGratings(bare, 1540.0, coated, 1540.0);
        assertThat(bad.temperatureDegC()).isNaN();
    }

    @Test
    void gratingsReferredToDifferentTemperaturesAreRefused() {
        GratingCalibration bare = GratingCalibration.bareSilica(1540.0, 25.0);
        GratingCalibration coated = new GratingCalibration(1560.0, 20.0, 28.0, 0.0, 0.9);
        assertThat(FbgDecoupling.canSeparate(bare, coated)).isFalse();
        assertThatThrownBy(() -> FbgDecoupling.withTwoGratings(bare, 1540.1, coated, 1560.1))
                .hasMessageContaining("different temperatures");
    }

    @Test
    void twoAlikeGratingsAreRefused() {
        GratingCalibration a = GratingCalibration.bareSilica(1540.0, 25.0);
        GratingCalibration b = GratingCalibration.bareSilica(1560.0, 25.0);
        assertThatThrownBy(() -> FbgDecoupling.withTwoGratings(a, 1540.1, b, 1560.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot separate");
    }
}
