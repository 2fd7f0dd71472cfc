package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * A cell model from constant-current discharges alone: what a user has when a cell was only
 * rate-tested (the Samsung 30Q strain set: C/10 to 4C, no rests, no pulses). At each SoC node the
 * runs give one voltage per current, and V = OCV + R·I across them is a straight line: its intercept
 * is the OCV (discharge branch) and its slope a DC resistance.
 *
 * <p>What such data cannot give, and this model therefore leaves out: the RC dynamics (no steps or
 * relaxations to see them in; the resistance lumps ohmic, charge-transfer and minutes of diffusion
 * together), hysteresis (discharge only), and a temperature dependence separate from the runs' own
 * self-heating (one chamber temperature; a 4C run's resistance is that of a warmer cell). The
 * filter's voltage noise comes from the fit, as in {@link CellIdentification}, so it is honest about
 * that.
 */
public final class ConstantCurrentIdentification {

    /** SoC node spacing in the middle: coarse enough for every bin to fill. */
    static final double NODE_STEP = 0.05;
    /**
     * The OCV nodes: every {@link #NODE_STEP}, and closer near empty and full, where the curve bends
     * (the knee below 5 % would otherwise be a straight chord, 170 mV off on the Samsung 30Q).
     */
    static final double[] SOC_NODES = {
        0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75,
        0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1.0
    };
    /** A sample counts as under load above this fraction of its run's mean current. */
    private static final double LOADED_FRACTION = 0.5;
    /** Least OCV rise between nodes: the filter needs a rising OCV (see CellParameters). */
    private static final double MIN_OCV_RISE_V = 1e-4;

    private static final double MIN_RESISTANCE_OHM = 1e-4;
    /** Two runs must differ in current by this factor to separate OCV from resistance. */
    private static final double MIN_RATE_RATIO = 2.0;

    private ConstantCurrentIdentification() {}

    public record Result(CellParameters parameters, List<TestFit> fits) {}

    /**
     * @param runs       constant-current discharges of one cell at one chamber temperature, each with
     *                   its start SoC set; at least two whose currents differ by a factor of two
     * @param capacityAh capacity of the SoC axis, Ah
     */
    public static Result identify(
            String name, List<CellRecording> runs, double capacityAh, double minVoltageV, double maxVoltageV)
            throws IdentificationException {
        if (runs.size() < 2) {
            throw new IdentificationException(
                    "constant-current identification needs at least two discharges at different" + " rates; got "
                            + runs.size());
        }
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        for (CellRecording run : runs) {
            if (Double.isNaN(run.startSoc())) {
                throw new IdentificationException(run.name() + ": the start SoC is unknown");
            }
            double mean = Math.abs(meanLoadCurrent(run));
            if (!(mean > 0) || meanLoadCurrent(run) > 0) {
                throw new IdentificationException(
                        run.name() + ": not a discharge (mean current " + meanLoadCurrent(run) + " A)");
            }
            lowest = Math.min(lowest, mean);
            highest = Math.max(highest, mean);
        }
        if (highest < MIN_RATE_RATIO * lowest) {
            throw new IdentificationException("the discharges run at " + lowest + " to " + highest
                    + " A; at least a factor " + MIN_RATE_RATIO + " apart is needed to tell OCV from resistance");
        }
        int nodes = SOC_NODES.length;
        double[] soc = new double[nodes];
        double[] ocv = new double[nodes];
        double[] r0 = new double[nodes];
        boolean[] known = new boolean[nodes];
        for (int j = 0; j < nodes; j++) {
            soc[j] = SOC_NODES[j];
            // Least squares of V = OCV + R·I over the runs' bin means at this node.
            double n = 0;
            double si = 0;
            double sv = 0;
            double sii = 0;
            double siv = 0;
            double iMin = Double.POSITIVE_INFINITY;
            double iMax = Double.NEGATIVE_INFINITY;
            for (CellRecording run : runs) {
                double[] bin = binMean(run, capacityAh, soc[j], halfWidth(j));
                if (bin == null) {
                    continue;
                }
                n++;
                si += bin[0];
                sv += bin[1];
                sii += bin[0] * bin[0];
                siv += bin[0] * bin[1];
                iMin = Math.min(iMin, bin[0]);
                iMax = Math.max(iMax, bin[0]);
            }
            if (n >= 2 && Math.abs(iMin) >= MIN_RATE_RATIO * Math.abs(iMax)) {
                double slope = (n * siv - si * sv) / (n * sii - si * si);
                r0[j] = Math.max(slope, MIN_RESISTANCE_OHM);
                ocv[j] = (sv - r0[j] * si) / n;
                known[j] = true;
            }
        }
        fillGaps(soc, ocv, r0, known, runs, capacityAh);
        for (int j = 1; j < nodes; j++) {
            ocv[j] = Math.max(ocv[j], ocv[j - 1] + MIN_OCV_RISE_V);
        }
        double temperature = runs.getFirst().meanTemperatureDegC();
        double t = Double.isFinite(temperature) ? temperature : 25.0;
        double[] span = temperatureSpan(runs, t);
        SocTemperatureTable none = SocTemperatureTable.constant(0.0, t);
        CellParameters draft = parameters(
                name,
                capacityAh,
                minVoltageV,
                maxVoltageV,
                soc,
                ocv,
                r0,
                t,
                span,
                none,
                CellIdentification.MIN_VOLTAGE_SIGMA_V,
                0.0);
        List<TestFit> fits = new ArrayList<>();
        ModelFit.Error error = ModelFit.scoreAll(runs, draft, fits);
        return new Result(
                parameters(
                        name,
                        capacityAh,
                        minVoltageV,
                        maxVoltageV,
                        soc,
                        ocv,
                        r0,
                        t,
                        span,
                        none,
                        Math.max(error.worstRmseV(), CellIdentification.MIN_VOLTAGE_SIGMA_V),
                        error.correlationS()),
                fits);
    }

    /**
     * The temperatures the runs covered under load: the faster runs warm the cell, and their
     * resistance is part of the fit, so the model is identified over that whole span, not only at
     * the slow run's temperature. One point when the runs stayed within a kelvin.
     */
    static double[] temperatureSpan(List<CellRecording> runs, double fallback) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (CellRecording run : runs) {
            double load = Math.abs(meanLoadCurrent(run));
            for (int k = 0; k < run.size(); k++) {
                double temperature = run.temperatureDegC()[k];
                if (Double.isFinite(temperature) && Math.abs(run.currentA()[k]) > LOADED_FRACTION * load) {
                    lo = Math.min(lo, temperature);
                    hi = Math.max(hi, temperature);
                }
            }
        }
        return hi - lo > 1.0 ? new double[] {lo, hi} : new double[] {fallback};
    }

    private static CellParameters parameters(
            String name,
            double capacityAh,
            double minV,
            double maxV,
            double[] soc,
            double[] ocv,
            double[] r0,
            double t,
            double[] span,
            SocTemperatureTable none,
            double voltageSigma,
            double correlationS) {
        // The resistance holds over the span the runs covered (one value there: two rates cannot
        // also tell how it changes with temperature); beyond it the filter counts the extrapolation
        // as model error (TemperatureExtrapolation).
        double[][] r0Rows = new double[span.length][];
        Arrays.fill(r0Rows, r0);
        // No RC pairs: zero resistance, any positive time constant (the filter's v1, v2 then only
        // carry process noise and behave as short-lived voltage bias).
        return new CellParameters(
                name,
                new CellParameters.Charge(capacityAh, 1.0),
                new CellParameters.VoltageWindow(minV, maxV),
                SocTemperatureTable.ofSoc(soc, t, ocv),
                new CellParameters.Impedance(
                        new SocTemperatureTable(soc, span, r0Rows),
                        new CellParameters.RcPair(none, SocTemperatureTable.constant(1.0, t)),
                        new CellParameters.RcPair(none, SocTemperatureTable.constant(100.0, t))),
                new CellParameters.Hysteresis(0.0, 0.0),
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(
                                CellIdentification.INITIAL_SOC_SIGMA, CellIdentification.SOC_PROCESS_SIGMA_PER_SQRT_S),
                        new EstimatorNoise.PolarisationNoise(CellIdentification.RC_PROCESS_SIGMA_V_PER_SQRT_S, 0.0),
                        new EstimatorNoise.VoltageNoise(
                                voltageSigma,
                                correlationS,
                                correlationS > 0 ? voltageSigma / Math.sqrt(correlationS) : 0.0,
                                null),
                        new EstimatorNoise.CapacityLearning(
                                CellIdentification.INITIAL_CAPACITY_SIGMA_FRACTION,
                                CellIdentification.CAPACITY_PROCESS_SIGMA_FRACTION_PER_SQRT_S),
                        EstimatorNoise.ResistanceLearning.NONE));
    }

    /** Mean current over the samples under load (the rested first sample of a run does not count). */
    static double meanLoadCurrent(CellRecording run) {
        double peak = 0;
        for (double i : run.currentA()) {
            if (Double.isFinite(i) && Math.abs(i) > Math.abs(peak)) {
                peak = i;
            }
        }
        double sum = 0;
        int n = 0;
        for (double i : run.currentA()) {
            if (Double.isFinite(i) && Math.abs(i) > 0.2 * Math.abs(peak)) {
                sum += i;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Half the distance to the nearer neighbouring node: bins do not overlap. */
    private static double halfWidth(int j) {
        double left = j > 0 ? SOC_NODES[j] - SOC_NODES[j - 1] : Double.POSITIVE_INFINITY;
        double right = j + 1 < SOC_NODES.length ? SOC_NODES[j + 1] - SOC_NODES[j] : Double.POSITIVE_INFINITY;
        return Math.min(left, right) / 2;
    }

    /** Mean current and voltage of a run's loaded samples within {@code half} of {@code node}, or null. */
    private static double[] binMean(CellRecording run, double capacityAh, double node, double half) {
        double load = Math.abs(meanLoadCurrent(run));
        double si = 0;
        double sv = 0;
        int n = 0;
        for (int k = 0; k < run.size(); k++) {
            double i = run.currentA()[k];
            double v = run.voltageV()[k];
            double s = run.startSoc() + run.chargeAh()[k] / capacityAh;
            if (Double.isFinite(i)
                    && Double.isFinite(v)
                    && Math.abs(i) > LOADED_FRACTION * load
                    && Math.abs(s - node) <= half) {
                si += i;
                sv += v;
                n++;
            }
        }
        return n == 0 ? null : new double[] {si / n, sv / n};
    }

    /** Nodes no pair of runs reached (the full and empty ends) take their nearest identified neighbour's R,
     * and an OCV read off the slowest run that reached them, or else extrapolated. */
    private static void fillGaps(
            double[] soc, double[] ocv, double[] r0, boolean[] known, List<CellRecording> runs, double capacityAh)
            throws IdentificationException {
        int first = -1;
        int last = -1;
        for (int j = 0; j < known.length; j++) {
            if (known[j]) {
                last = j;
                if (first < 0) {
                    first = j;
                }
            }
        }
        if (first < 0) {
            throw new IdentificationException("no SoC node was covered by two runs at different rates");
        }
        for (int j = 0; j < known.length; j++) {
            if (!known[j]) {
                int from = j < first ? first : j > last ? last : nearestKnown(known, j);
                r0[j] = r0[from];
                double[] slowest = null;
                for (CellRecording run : runs) {
                    double[] bin = binMean(run, capacityAh, soc[j], halfWidth(j));
                    if (bin != null && (slowest == null || Math.abs(bin[0]) < Math.abs(slowest[0]))) {
                        slowest = bin;
                    }
                }
                if (slowest != null) {
                    ocv[j] = slowest[1] - r0[j] * slowest[0];
                    continue;
                }
                // Extrapolate the OCV linearly from the two nearest identified nodes on that side.
                int other = j < first ? Math.min(first + 1, last) : Math.max(from - 1, first);
                double slope = other == from ? 0 : (ocv[other] - ocv[from]) / (soc[other] - soc[from]);
                ocv[j] = ocv[from] + slope * (soc[j] - soc[from]);
            }
        }
    }

    private static int nearestKnown(boolean[] known, int j) {
        for (int d = 1; d < known.length; d++) {
            if (j - d >= 0 && known[j - d]) {
                return j - d;
            }
            if (j + d < known.length && known[j + d]) {
                return j + d;
            }
        }
        return j;
    }
}
