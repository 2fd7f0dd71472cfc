package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * Builds a cell parameter set from what a user really has: low-rate (≤ C/20) OCV tests and dynamic
 * tests (HPPC pulses or drive cycles).
 *
 * <p>Steps: the OCV centre line and hysteresis gap from each low-rate test ({@link OcvIdentification});
 * R0(soc), the RC pairs, the hysteresis and a correction of the OCV line from the dynamic tests
 * ({@link DynamicFit}); then the filter's noise figures from how well that model fits.
 */
public final class CellIdentification {

    /** Smallest voltage noise the filter is told about: the ADC and wiring of a real pack
     * controller are rarely better than this, whatever a lab tester achieved. */
    static final double MIN_VOLTAGE_SIGMA_V = 0.002;
    /** Prior 1σ when the start SoC is only a guess: about that of a SoC uniformly unknown in 0..1. */
    static final double INITIAL_SOC_SIGMA = 0.3;
    /** SoC random walk: a current-sensor offset of ~0.3 % of 1C drifts SoC by ~1 % over 3 h. */
    static final double SOC_PROCESS_SIGMA_PER_SQRT_S = 5e-5;
    static final double RC_PROCESS_SIGMA_V_PER_SQRT_S = 2e-4;
    static final double HYSTERESIS_PROCESS_SIGMA_V_PER_SQRT_S = 2e-4;

    private CellIdentification() {
    }

    /**
     * @param name         what cell this is
     * @param ocvTests     low-rate tests, each starting full, one per temperature
     * @param dynamicTests dynamic tests
     * @param capacityAh   capacity for the SoC axis, or NaN to use the first low-rate test's discharge
     * @param minVoltageV  the cell's lower voltage limit
     * @param maxVoltageV  the cell's upper voltage limit
     */
    public static IdentifiedCell identify(String name, List<CellTest> ocvTests, List<CellTest> dynamicTests,
                                          double capacityAh, double minVoltageV, double maxVoltageV)
            throws IdentificationException {
        if (ocvTests.isEmpty()) {
            throw new IdentificationException("no low-rate OCV test given; the OCV curve needs a C/20 discharge (--ocv)");
        }
        List<OcvCurve> curves = new ArrayList<>();
        double capacity = capacityAh;
        for (CellTest test : ocvTests) {
            OcvCurve curve = OcvIdentification.identify(test, capacity);
            capacity = curve.capacityAh(); // later tests share the first test's SoC axis
            curves.add(curve);
        }
        List<CellTest> branches = new ArrayList<>();
        for (int c = 0; c < ocvTests.size(); c++) {
            OcvCurve curve = curves.get(c);
            if (Double.isFinite(curve.medianHalfGapV())) {
                branches.add(ocvTests.get(c).slice(curve.firstSample(), curve.lastSample(), capacity));
            }
        }
        curves.sort(Comparator.comparingDouble(OcvCurve::temperatureDegC));
        for (int c = 1; c < curves.size(); c++) {
            if (!(curves.get(c).temperatureDegC() - curves.get(c - 1).temperatureDegC() >= 2.0)) {
                throw new IdentificationException(String.format(
                        "two OCV tests at %.1f and %.1f degC: give one low-rate test per temperature",
                        curves.get(c - 1).temperatureDegC(), curves.get(c).temperatureDegC()));
            }
        }
        SocTemperatureTable centre = ocvTable(curves, null);
        DynamicParameters dynamic = DynamicFit.fit(dynamicTests, branches, centre, capacity);
        SocTemperatureTable ocv = ocvTable(curves, dynamic);

        double temperature = centre.temperatureDegC()[0];
        CellParameters parameters = build(name, capacity, minVoltageV, maxVoltageV, ocv, dynamic, temperature,
                Math.max(dynamic.rmseV(), MIN_VOLTAGE_SIGMA_V));
        List<TestFit> fits = new ArrayList<>();
        for (CellTest test : ocvTests) {
            fits.add(ModelFit.score(test, parameters));
        }
        for (CellTest test : dynamicTests) {
            fits.add(ModelFit.score(test, parameters));
        }
        return new IdentifiedCell(parameters, List.copyOf(curves), dynamic, List.copyOf(fits));
    }

    /** OCV rows per temperature: each test's centre line, plus the dynamic fit's correction. */
    private static SocTemperatureTable ocvTable(List<OcvCurve> curves, DynamicParameters dynamic)
            throws IdentificationException {
        double[] soc = curves.getFirst().soc();
        double[] temps = new double[curves.size()];
        double[][] rows = new double[curves.size()][];
        SocTemperatureTable offset = dynamic == null ? null
                : SocTemperatureTable.ofSoc(dynamic.socNodes(), 0.0, dynamic.ocvOffsetV());
        for (int c = 0; c < curves.size(); c++) {
            temps[c] = curves.get(c).temperatureDegC();
            rows[c] = curves.get(c).ocvV().clone();
            if (offset != null) {
                for (int s = 0; s < soc.length; s++) {
                    rows[c][s] += offset.value(soc[s], 0.0);
                }
            }
            for (int s = 1; s < soc.length; s++) {
                if (rows[c][s] <= rows[c][s - 1]) {
                    throw new IdentificationException(String.format(
                            "the OCV curve at %.1f degC does not rise between SoC %.3f and %.3f after the dynamic-test correction; the dynamic tests disagree with the low-rate test",
                            temps[c], soc[s - 1], soc[s]));
                }
            }
        }
        return new SocTemperatureTable(soc, temps, rows);
    }

    private static CellParameters build(String name, double capacity, double minV, double maxV,
                                             SocTemperatureTable ocv, DynamicParameters d, double temperature,
                                             double voltageSigma) {
        // Coulombic efficiency 1: a low-rate charge that stops at the upper voltage under constant
        // current never returns to full, so the test cannot measure it, and for lithium-ion cells it
        // is above 0.998; a drift of that size is inside the SoC random walk.
        return new CellParameters(name, capacity, 1.0, minV, maxV, ocv,
                SocTemperatureTable.ofSoc(d.socNodes(), temperature, d.r0Ohm()),
                SocTemperatureTable.constant(d.r1Ohm(), temperature),
                SocTemperatureTable.constant(d.tau1S(), temperature),
                SocTemperatureTable.constant(d.r2Ohm(), temperature),
                SocTemperatureTable.constant(d.tau2S(), temperature),
                d.hysteresisV(), d.hysteresisRate(),
                new EstimatorNoise(INITIAL_SOC_SIGMA, SOC_PROCESS_SIGMA_PER_SQRT_S, RC_PROCESS_SIGMA_V_PER_SQRT_S,
                        HYSTERESIS_PROCESS_SIGMA_V_PER_SQRT_S, voltageSigma));
    }
}
