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
    public static IdentifiedCell identify(String name, List<CellRecording> ocvTests, List<CellRecording> dynamicTests,
                                          double capacityAh, double minVoltageV, double maxVoltageV)
            throws IdentificationException {
        if (ocvTests.isEmpty()) {
            throw new IdentificationException("no low-rate OCV test given; the OCV curve needs a C/20 discharge (--ocv)");
        }
        List<OcvCurve> curves = new ArrayList<>();
        double capacity = capacityAh;
        for (CellRecording test : ocvTests) {
            OcvCurve curve = OcvIdentification.identify(test, capacity);
            capacity = curve.capacityAh(); // later tests share the first test's SoC axis
            curves.add(curve);
        }
        List<CellRecording> ocvBranches = new ArrayList<>();
        List<CellRecording> branches = new ArrayList<>();
        for (int c = 0; c < ocvTests.size(); c++) {
            OcvCurve curve = curves.get(c);
            CellRecording sliced = ocvTests.get(c).slice(curve.firstSample(), curve.lastSample(), capacity);
            ocvBranches.add(sliced);
            if (Double.isFinite(curve.medianHalfGapV())) {
                branches.add(sliced);
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
        dynamicTests = withKnownStart(dynamicTests, centre, capacity);
        DynamicParameters dynamic = DynamicFit.fit(dynamicTests, branches, centre, capacity);
        SocTemperatureTable ocv = ocvTable(curves, dynamic);

        double temperature = centre.temperatureDegC()[0];
        CellParameters parameters = build(name, capacity, minVoltageV, maxVoltageV, ocv, dynamic, temperature,
                Math.max(dynamic.rmseV(), MIN_VOLTAGE_SIGMA_V), 0.0);
        List<TestFit> fits = new ArrayList<>();
        for (CellRecording branch : ocvBranches) {
            // Scored on its branches: the rest after them may be a temperature change the model has no part in.
            fits.add(ModelFit.score(branch, parameters));
        }
        // The filter's voltage noise is the model's error on the dynamic tests (what it meets in use):
        // its size, and how long it stays correlated.
        double sumSq = 0;
        long samples = 0;
        double correlation = 0;
        for (CellRecording test : dynamicTests) {
            TestFit fit = ModelFit.score(test, parameters);
            fits.add(fit);
            sumSq += fit.rmseV() * fit.rmseV() * fit.samples();
            samples += fit.samples();
            if (Double.isFinite(fit.errorCorrelationS())) {
                correlation = Math.max(correlation, fit.errorCorrelationS());
            }
        }
        parameters = build(name, capacity, minVoltageV, maxVoltageV, ocv, dynamic, temperature,
                Math.max(Math.sqrt(sumSq / samples), MIN_VOLTAGE_SIGMA_V), correlation);
        return new IdentifiedCell(parameters, List.copyOf(curves), dynamic, List.copyOf(fits));
    }

    /** Tests whose start SoC is unknown start at rest: read their SoC off the OCV centre line. */
    private static List<CellRecording> withKnownStart(List<CellRecording> tests, SocTemperatureTable ocv, double capacityAh)
            throws IdentificationException {
        List<CellRecording> known = new ArrayList<>();
        for (CellRecording t : tests) {
            if (!Double.isNaN(t.startSoc())) {
                known.add(t);
                continue;
            }
            double i0 = t.currentA()[0];
            // Below C/100 the IR drop is a millivolt or two: close enough to rest to read the OCV.
            if (!(Math.abs(i0) < capacityAh / 100) || !Double.isFinite(t.voltageV()[0])) {
                throw new IdentificationException(t.name() + ": its start SoC is unknown (no start_soc in its metadata) and it does"
                        + " not start at rest, so the SoC cannot be read off the OCV; give it a metadata sidecar with start_soc");
            }
            double temperature = Double.isFinite(t.temperatureDegC()[0]) ? t.temperatureDegC()[0] : ocv.temperatureDegC()[0];
            known.add(t.withStartSoc(ocv.socAt(t.voltageV()[0], temperature)));
        }
        return known;
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
                                             double voltageSigma, double voltageCorrelationS) {
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
                // The bias state may wander by the model's error in one correlation time: σ/√τc.
                new EstimatorNoise(INITIAL_SOC_SIGMA, SOC_PROCESS_SIGMA_PER_SQRT_S, RC_PROCESS_SIGMA_V_PER_SQRT_S,
                        HYSTERESIS_PROCESS_SIGMA_V_PER_SQRT_S, voltageSigma, voltageCorrelationS,
                        voltageCorrelationS > 0 ? voltageSigma / Math.sqrt(voltageCorrelationS) : 0.0));
    }
}
