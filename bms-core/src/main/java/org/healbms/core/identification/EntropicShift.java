package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * The OCV's temperature dependence dU/dT(SoC) from the rests of dynamic tests at several
 * temperatures, for a cell whose low-rate OCV test was run at one temperature only.
 *
 * <p>At the end of a long rest ({@link RestEnds}) the voltage less the hysteresis and the remaining
 * relaxation (taken from a first fit of the model) is the OCV at that temperature. Its difference from
 * the low-rate centre line is modelled as {@code c(soc) + (T − T0)·s(soc)}: c is what every
 * temperature shares (the rests sit a little off the centre line wherever the hysteresis gap is not
 * the same at every SoC), s the entropic coefficient. Both are piecewise linear over
 * {@link #NODES}, held smooth, and s is held within ±{@value #MAX_COEFFICIENT_V_PER_K} V/K: that
 * bounds the entropic coefficients of lithium-ion electrode pairs (NCA, NMC, LFP against graphite
 * lie within ±0.5 mV/K); more than that between rests at two temperatures is slow relaxation the
 * cold rest did not finish, or a hysteresis that grows in the cold, not OCV.
 */
final class EntropicShift {

    /** SoC nodes of c(soc) and s(soc): an entropic coefficient varies over tenths of SoC, not hundredths. */
    static final double[] NODES = {0.0, 0.25, 0.5, 0.75, 1.0};
    /** Bound on the entropic coefficient, V/K. */
    static final double MAX_COEFFICIENT_V_PER_K = 0.5e-3;
    /** Rest ends must span at least this range of temperature for s to be identifiable, K. */
    static final double MIN_SPAN_K = 5.0;
    /** The rest-end voltage's scatter about the fitted line, V: quantisation, drift, residual relaxation. */
    private static final double REST_SIGMA_V = 0.005;
    /** Second difference of s costing as much as one rest's error: coefficients vary smoothly, V/K. */
    private static final double SMOOTH_COEFFICIENT_V_PER_K = 0.2e-3;
    /** Second difference of c costing as much as one rest's error, V. */
    private static final double SMOOTH_COMMON_V = 0.010;

    private static final int J = NODES.length;

    private EntropicShift() {}

    /**
     * The fitted coefficient.
     *
     * @param coefficientVPerK s at each of {@link #NODES}, V/K (all zero when not identifiable)
     * @param referenceDegC    T0, the low-rate test's temperature
     * @param rests            rest ends used
     * @param spanK            their temperature range, K
     */
    record Result(double[] coefficientVPerK, double referenceDegC, int rests, double spanK) {

        boolean identified() {
            for (double s : coefficientVPerK) {
                if (s != 0) {
                    return true;
                }
            }
            return false;
        }

        double at(double soc) {
            return SocTemperatureTable.ofSoc(NODES, referenceDegC, coefficientVPerK)
                    .value(soc, referenceDegC);
        }

        String note() {
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < J; j++) {
                s.append(String.format("%s%+.2f at %.2f", j == 0 ? "" : ", ", 1000 * coefficientVPerK[j], NODES[j]));
            }
            return String.format(
                    "OCV temperature coefficient dU/dT from %d rest ends of the dynamic tests over %.0f K"
                            + " (bounded to +-%.1f mV/K): %s mV/K by SoC",
                    rests, spanK, 1000 * MAX_COEFFICIENT_V_PER_K, s);
        }
    }

    /**
     * @param tests     the dynamic tests (start SoC known)
     * @param firstPass the model fitted without the shift: it gives the hysteresis and remaining relaxation
     * @param centre    the low-rate centre line, one temperature row
     */
    static Result fit(List<CellRecording> tests, CellParameters firstPass, SocTemperatureTable centre) {
        double reference = centre.temperatureDegC()[0];
        List<double[]> points = new ArrayList<>(); // soc, T − T0, OCV − centre
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double capacity = firstPass.capacityAh();
        for (CellRecording test : tests) {
            double[] model = ModelFit.score(test, firstPass).modelVoltageV();
            for (int k : RestEnds.of(test, capacity)) {
                double soc = test.startSoc() + test.chargeAh()[k] / capacity;
                double temp = Double.isFinite(test.temperatureDegC()[k])
                        ? test.temperatureDegC()[k]
                        : test.meanTemperatureDegC();
                if (!Double.isFinite(model[k]) || !Double.isFinite(temp) || soc < 0 || soc > 1) {
                    continue;
                }
                // The model's voltage less its OCV is its hysteresis and remaining relaxation at this point.
                double polarisation = model[k] - firstPass.ocvV().valueExtrapolated(soc, temp);
                double ocv = test.voltageV()[k] - polarisation;
                points.add(new double[] {soc, temp - reference, ocv - centre.value(soc, reference)});
                lo = Math.min(lo, temp);
                hi = Math.max(hi, temp);
            }
        }
        double span = points.isEmpty() ? 0 : hi - lo;
        if (span < MIN_SPAN_K) {
            return new Result(new double[J], reference, points.size(), span);
        }
        boolean[] fixed = new boolean[2 * J];
        double[] beta = new double[2 * J];
        // Active set on the bound: a coefficient beyond it is held there and the rest solved again.
        for (int round = 0; round <= J; round++) {
            beta = solve(points, fixed, beta);
            boolean changed = false;
            for (int j = 0; j < J; j++) {
                if (!fixed[J + j] && Math.abs(beta[J + j]) > MAX_COEFFICIENT_V_PER_K) {
                    beta[J + j] = Math.copySign(MAX_COEFFICIENT_V_PER_K, beta[J + j]);
                    fixed[J + j] = true;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        double[] s = new double[J];
        System.arraycopy(beta, J, s, 0, J);
        return new Result(s, reference, points.size(), span);
    }

    /** Penalised least squares for (c, s), with the fixed entries held at their values in {@code start}. */
    private static double[] solve(List<double[]> points, boolean[] fixed, double[] start) {
        int n = 2 * J;
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        DMatrixRMaj b = new DMatrixRMaj(n, 1);
        double[] row = new double[n];
        for (double[] p : points) {
            Arrays.fill(row, 0);
            int node = Math.min((int) Math.floor(p[0] / 0.25), J - 2);
            double w = Math.clamp((p[0] - NODES[node]) / (NODES[node + 1] - NODES[node]), 0.0, 1.0);
            row[node] = 1 - w;
            row[node + 1] = w;
            row[J + node] = (1 - w) * p[1];
            row[J + node + 1] = w * p[1];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a.add(r, c, row[r] * row[c] / (REST_SIGMA_V * REST_SIGMA_V));
                }
                b.add(r, 0, row[r] * p[2] / (REST_SIGMA_V * REST_SIGMA_V));
            }
        }
        for (int block = 0; block < 2; block++) {
            double scale = block == 0 ? SMOOTH_COMMON_V : SMOOTH_COEFFICIENT_V_PER_K;
            for (int j = 1; j < J - 1; j++) {
                double[] d = {1, -2, 1};
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        a.add(block * J + j - 1 + r, block * J + j - 1 + c, d[r] * d[c] / (scale * scale));
                    }
                }
            }
        }
        // A weak pull of s towards zero at the size of the bound: where the rests say nothing, no entropy.
        for (int j = 0; j < J; j++) {
            a.add(J + j, J + j, 1 / (MAX_COEFFICIENT_V_PER_K * MAX_COEFFICIENT_V_PER_K));
        }
        // Fixed unknowns: their column moves to the right-hand side and their row becomes v = value.
        for (int f = 0; f < n; f++) {
            if (!fixed[f]) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                if (r != f) {
                    b.add(r, 0, -a.get(r, f) * start[f]);
                    a.set(r, f, 0);
                    a.set(f, r, 0);
                }
            }
            a.set(f, f, 1);
            b.set(f, 0, start[f]);
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        if (!CommonOps_DDRM.solve(a, b, x)) {
            return new double[n];
        }
        double[] beta = new double[n];
        for (int j = 0; j < n; j++) {
            beta[j] = x.get(j, 0);
        }
        return beta;
    }

    /** The centre line with a row at each temperature: the reference row plus (T − T0)·s(soc). */
    static SocTemperatureTable apply(SocTemperatureTable centre, double[] temperaturesDegC, Result shift) {
        double reference = shift.referenceDegC();
        List<Double> temps = new ArrayList<>();
        for (double t : temperaturesDegC) {
            temps.add(t);
        }
        temps.add(reference);
        temps.sort(Double::compare);
        List<Double> distinct = new ArrayList<>();
        for (double t : temps) {
            if (distinct.isEmpty() || t - distinct.getLast() > 0.1) {
                distinct.add(t);
            }
        }
        double[] soc = centre.soc();
        double[] rowTemps = new double[distinct.size()];
        double[][] rows = new double[distinct.size()][soc.length];
        for (int r = 0; r < rowTemps.length; r++) {
            rowTemps[r] = distinct.get(r);
            for (int g = 0; g < soc.length; g++) {
                rows[r][g] = centre.value(soc[g], reference) + (rowTemps[r] - reference) * shift.at(soc[g]);
            }
        }
        return new SocTemperatureTable(soc, rowTemps, rows);
    }
}
