package org.healbms.core.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SocTemperatureTable;
import org.junit.jupiter.api.Test;

/** The OCV's temperature coefficient is read off the rests of pulse tests at several temperatures. */
class EntropicShiftTest {

    /** dU/dT of the synthetic cell, V/K: +0.3 mV/K when empty falling to -0.1 mV/K when full. */
    private static double coefficient(double soc) {
        return 0.3e-3 - 0.4e-3 * soc;
    }

    /** The synthetic NCA cell with an OCV that moves with temperature by {@link #coefficient}. */
    private static CellParameters entropicCell() {
        CellParameters base = CellIdentificationTest.truth();
        double[] soc = base.ocvV().soc();
        double[] warm = base.ocvV().values()[0];
        double[] cold = new double[warm.length];
        for (int s = 0; s < soc.length; s++) {
            cold[s] = warm[s] + (-10 - 25) * coefficient(soc[s]);
        }
        return withOcv(base, new SocTemperatureTable(soc, new double[] {-10, 25}, new double[][] {cold, warm}));
    }

    private static CellParameters withOcv(CellParameters p, SocTemperatureTable ocv) {
        return new CellParameters(p.name(), p.charge(), p.window(), ocv, p.impedance(), p.hysteresis(), p.noise());
    }

    @Test
    void recoversTheTemperatureCoefficientFromHppcLikeRests() {
        CellParameters truth = entropicCell();
        // The model a first fit would have: the right polarisation, the OCV of the one low-rate test (25 degC).
        SocTemperatureTable centre =
                SocTemperatureTable.ofSoc(truth.ocvV().soc(), 25, truth.ocvV().values()[1]);
        CellParameters firstPass = withOcv(truth, centre);
        List<CellRecording> tests = List.of(
                CellIdentificationTest.pulseTest(truth, -10),
                CellIdentificationTest.pulseTest(truth, 10),
                CellIdentificationTest.pulseTest(truth, 25));

        EntropicShift.Result shift = EntropicShift.fit(tests, firstPass, centre);

        assertThat(shift.rests()).isGreaterThan(20);
        for (double soc = 0.2; soc <= 0.9; soc += 0.1) {
            assertThat(shift.at(soc)).as("dU/dT at SoC %.1f", soc).isCloseTo(coefficient(soc), within(0.06e-3));
        }
        SocTemperatureTable shifted = EntropicShift.apply(centre, new double[] {-10, 10, 25}, shift);
        for (double soc = 0.2; soc <= 0.9; soc += 0.1) {
            assertThat(shifted.value(soc, -10))
                    .as("OCV at -10 degC, SoC %.1f", soc)
                    .isCloseTo(truth.ocvV().value(soc, -10), within(0.002));
        }
    }

    @Test
    void holdsACoefficientBeyondWhatEntropyCanBeAtTheBound() {
        CellParameters truth = entropicCell();
        SocTemperatureTable centre =
                SocTemperatureTable.ofSoc(truth.ocvV().soc(), 25, truth.ocvV().values()[1]);
        // The cold rests 60 mV low at every SoC (1.7 mV/K): unfinished relaxation, not OCV.
        double[] soc = centre.soc();
        double[] low = new double[soc.length];
        for (int s = 0; s < soc.length; s++) {
            low[s] = centre.value(soc[s], 25) - 0.060;
        }
        CellParameters polarised = withOcv(
                truth, new SocTemperatureTable(soc, new double[] {-10, 25}, new double[][] {low, centre.values()[0]}));

        EntropicShift.Result shift = EntropicShift.fit(
                List.of(
                        CellIdentificationTest.pulseTest(polarised, -10),
                        CellIdentificationTest.pulseTest(polarised, 25)),
                withOcv(truth, centre),
                centre);

        for (double c : shift.coefficientVPerK()) {
            assertThat(c).isCloseTo(EntropicShift.MAX_COEFFICIENT_V_PER_K, within(1e-9));
        }
    }

    @Test
    void identifiesNothingFromRestsAtOneTemperature() {
        CellParameters truth = entropicCell();
        SocTemperatureTable centre =
                SocTemperatureTable.ofSoc(truth.ocvV().soc(), 25, truth.ocvV().values()[1]);

        EntropicShift.Result shift =
                EntropicShift.fit(List.of(CellIdentificationTest.pulseTest(truth, 25)), withOcv(truth, centre), centre);

        assertThat(shift.identified()).isFalse();
    }
}
