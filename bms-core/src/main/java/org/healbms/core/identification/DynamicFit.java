package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * Fits R0, two RC pairs and the hysteresis (M, γ) to dynamic tests (HPPC pulses or drive cycles),
 * given the OCV curve.
 *
 * <p>With the time constants τ1, τ2 and the hysteresis rate γ fixed, the model voltage
 * {@code v - ocv(soc) = R0(soc)·i + ΔOCV(soc) + R1·x(τ1) + R2·x(τ2) + M·s(γ)} is linear in its
 * coefficients, where x(τ) is the current through a unit RC filter, s(γ) the unit hysteresis state,
 * and R0(soc) and ΔOCV(soc) are piecewise linear over SoC nodes (hat basis functions). ΔOCV corrects
 * the low-rate centre line where the dynamic test's rests disagree with it (the hysteresis gap is not
 * the same at every SoC); a ridge keeps it near zero and a smoothness penalty keeps both curves from
 * chasing noise where the test has little data. So the fit is a grid
 * search over (τ1, τ2, γ) with a linear least-squares solve at each point. All the solves share one
 * Gram matrix of the basis series, accumulated in a single pass over the data, which makes the search
 * cheap and its optimum global on the grid: no starting guess and no local minima, which matters
 * because users bring whatever dynamic test they have. Coefficients must be non-negative; a point
 * whose unconstrained solution is not is solved again on every subset of the optional terms (an
 * exhaustive active set, small enough to enumerate).
 *
 * <p>SoC along each test comes from its cumulative charge (the tester's counter where there is one),
 * and the hysteresis state moves with that charge, so unlogged stretches of a test are accounted for;
 * the RC filters see the logged current, which is zero across such a gap (the cell rested).
 */
public final class DynamicFit {

    private static final int TAU_POINTS = 30;
    /** SoC nodes of R0(soc) and ΔOCV(soc). */
    private static final double[] NODES = {0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private static final int J = NODES.length;
    /** Penalty weights per sample (so they scale with the amount of data). Chosen so that a second
     * difference of 5 mΩ in R0, or of 10 mV in ΔOCV, costs about as much as a 1 mV rise in fit RMSE,
     * and a ΔOCV of 20 mV about as much as 0.5 mV. */
    private static final double SMOOTH_R0_PER_SAMPLE = 1e-6 / (0.005 * 0.005);

    private static final double SMOOTH_OFFSET_PER_SAMPLE = 1e-6 / (0.010 * 0.010);
    private static final double RIDGE_OFFSET_PER_SAMPLE = 0.25e-6 / (0.020 * 0.020);
    /** A weak ridge on the RC resistances: 100 mΩ costs about as much as a 1 mV rise in fit RMSE. A pair
     * whose time constant the tests barely excite (a slow pair that sees only 10 s pulses) could
     * otherwise take any resistance without showing it in the fit, and be volts wrong in use. */
    private static final double RIDGE_RC_PER_SAMPLE = 1e-6 / (0.100 * 0.100);

    private static final double[] GAMMAS = {1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 1000};
    /** Weight of a low-rate test's branches relative to a dynamic test. The dynamic tests describe
     * how the cell is used; the branches are there to tell hysteresis from an OCV offset (their gap),
     * which a small weight does, without letting a test recorded at another time or state of ageing
     * pull the resistances. */
    private static final double LOW_RATE_WEIGHT = 0.1;
    /** Least total rest a dynamic test must have, s. */
    static final double MIN_REST_S = 60.0;
    /** τ2 must be at least this many times τ1, so the two pairs describe different processes. */
    private static final double TAU_SEPARATION = 3.0;

    private final SocTemperatureTable ocv;
    private final double capacityAh;
    private final double[] taus;
    private final double[] gammas;
    /** Hysteresis magnitude held fixed, or NaN when it is fitted. */
    private final double fixedHysteresisV;
    /** R0 expected at each node from the other temperatures, or null. */
    private final double[] r0Prior;

    /**
     * Weight of the R0 prior: a deviation of this fraction from it costs about as much as a 1 mV rise
     * in fit RMSE. Enough to keep a group whose tests cannot tell R0 from a fast RC pair (a cold drive
     * cycle logged at 10 Hz with few sharp steps) on the law the other temperatures follow; far too
     * weak to hold a group whose pulses measure R0.
     */
    static final double R0_PRIOR_FRACTION = 0.2;

    private DynamicFit(
            SocTemperatureTable ocv,
            double capacityAh,
            double[] taus,
            double[] gammas,
            double fixedHysteresisV,
            double[] r0Prior) {
        this.ocv = ocv;
        this.capacityAh = capacityAh;
        this.taus = taus;
        this.gammas = gammas;
        this.fixedHysteresisV = fixedHysteresisV;
        this.r0Prior = r0Prior;
    }

    /**
     * Fits the tests jointly, given the OCV curve and the capacity the SoC axis uses. Pass the
     * low-rate tests' branches too: the gap between their charge and discharge branches is what
     * tells hysteresis apart from an OCV offset when the dynamic tests only discharge.
     */
    public static DynamicParameters fit(
            List<CellRecording> dynamicTests,
            List<CellRecording> lowRateBranches,
            SocTemperatureTable ocv,
            double capacityAh)
            throws IdentificationException {
        return fit(
                dynamicTests, lowRateBranches, ocv, capacityAh, meanTemperature(dynamicTests), null, new ArrayList<>());
    }

    /**
     * As {@link #fit(List, List, SocTemperatureTable, double)}, with the temperature the fitted OCV
     * correction applies at, R0 expected at each SoC node (from the other temperatures, see
     * {@link #R0_PRIOR_FRACTION}; null for none), and a list that takes a note where the correction had
     * to be held back.
     */
    public static DynamicParameters fit(
            List<CellRecording> dynamicTests,
            List<CellRecording> lowRateBranches,
            SocTemperatureTable ocv,
            double capacityAh,
            double rowTemperatureDegC,
            double[] r0PriorOhm,
            List<String> notes)
            throws IdentificationException {
        return fit(
                dynamicTests,
                lowRateBranches,
                ocv,
                capacityAh,
                GAMMAS,
                Double.NaN,
                rowTemperatureDegC,
                r0PriorOhm,
                notes);
    }

    /**
     * Fits with the hysteresis (M and γ) given: for tests that cannot tell hysteresis from an OCV
     * offset themselves, such as discharge-only pulses at a temperature without a low-rate test.
     */
    public static DynamicParameters fitWithHysteresis(
            List<CellRecording> dynamicTests,
            SocTemperatureTable ocv,
            double capacityAh,
            double hysteresisV,
            double hysteresisRate,
            double rowTemperatureDegC,
            double[] r0PriorOhm,
            List<String> notes)
            throws IdentificationException {
        return fit(
                dynamicTests,
                List.of(),
                ocv,
                capacityAh,
                new double[] {hysteresisRate},
                hysteresisV,
                rowTemperatureDegC,
                r0PriorOhm,
                notes);
    }

    private static double meanTemperature(List<CellRecording> tests) {
        return tests.stream()
                .mapToDouble(CellRecording::meanTemperatureDegC)
                .filter(Double::isFinite)
                .average()
                .orElse(25.0);
    }

    private static DynamicParameters fit(
            List<CellRecording> dynamicTests,
            List<CellRecording> lowRateBranches,
            SocTemperatureTable ocv,
            double capacityAh,
            double[] gammas,
            double fixedHysteresisV,
            double rowTemperatureDegC,
            double[] r0PriorOhm,
            List<String> notes)
            throws IdentificationException {
        if (dynamicTests.isEmpty()) {
            throw new IdentificationException(
                    "no dynamic test given; R0 and the RC pairs need HPPC pulses or a drive cycle");
        }
        double minDt = Double.MAX_VALUE;
        double maxDuration = 0;
        for (CellRecording t : dynamicTests) {
            requireIdentifiable(t);
            minDt = Math.min(minDt, medianStep(t.timeS()));
            maxDuration = Math.max(maxDuration, t.durationS());
        }
        List<CellRecording> tests = new ArrayList<>(dynamicTests);
        tests.addAll(lowRateBranches);
        double[] weights = new double[tests.size()];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = k < dynamicTests.size() ? 1.0 : LOW_RATE_WEIGHT;
        }
        // Time constants from two sample steps (faster is indistinguishable from R0) up to a
        // fifth of the longest test, log-spaced.
        double lo = Math.max(2 * minDt, 0.2);
        double hi = Math.max(lo * 10, Math.min(maxDuration / 5, 5000));
        double[] taus = new double[TAU_POINTS];
        for (int k = 0; k < TAU_POINTS; k++) {
            taus[k] = lo * Math.pow(hi / lo, k / (TAU_POINTS - 1.0));
        }
        DynamicFit fit = new DynamicFit(ocv, capacityAh, taus, gammas, fixedHysteresisV, r0PriorOhm);
        Gram gram = fit.accumulate(tests, weights);
        double[] covered = coveredSoc(dynamicTests, capacityAh);
        DynamicParameters free = flatOutside(fit.search(gram, 1.0), covered);
        // The correction may move the OCV, not bend it: a cold discharge-only test's slow polarisation
        // looks like an OCV that falls towards low SoC, and a correction that takes it up leaves an
        // OCV that is no longer monotone (SoC unobservable) or tens of millivolts off the low-rate
        // curve. Its penalty is raised until the corrected curve keeps rising and stays within
        // MAX_OFFSET_V; the other coefficients are refitted with it each time.
        DynamicParameters held = free;
        double scale = 1.0;
        while (!admissible(ocv, rowTemperatureDegC, held) && scale < MAX_PENALTY_SCALE) {
            scale *= 4;
            held = flatOutside(fit.search(gram, scale), covered);
        }
        if (held != free) {
            notes.add(String.format(
                    "the dynamic tests at %.1f degC (%s) ask for an OCV correction of %+.1f..%+.1f mV, which %s;"
                            + " held to %+.1f..%+.1f mV (penalty x%.0f), fit RMSE %.1f -> %.1f mV: the difference is polarisation"
                            + " the model does not describe (slow diffusion, self-heating within the test), not OCV",
                    rowTemperatureDegC,
                    String.join(
                            ", ", dynamicTests.stream().map(CellRecording::name).toList()),
                    1000 * min(free.ocvOffsetV()),
                    1000 * max(free.ocvOffsetV()),
                    violation(ocv, rowTemperatureDegC, free),
                    1000 * min(held.ocvOffsetV()),
                    1000 * max(held.ocvOffsetV()),
                    scale,
                    1000 * free.rmseV(),
                    1000 * held.rmseV()));
        }
        return held;
    }

    /** The SoC range the dynamic tests (not the low-rate branches) cover: [lowest, highest]. */
    private static double[] coveredSoc(List<CellRecording> tests, double capacityAh) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (CellRecording t : tests) {
            for (double q : t.chargeAh()) {
                double soc = t.startSoc() + q / capacityAh;
                lo = Math.min(lo, soc);
                hi = Math.max(hi, soc);
            }
        }
        return new double[] {lo, hi};
    }

    /**
     * The fit with its OCV correction held flat beyond the SoC the dynamic tests reached: a node no
     * sample touches is set only by the smoothness penalty, which continues the last slope (the
     * Panasonic 0 degC drive cycles, which stop at SoC 0.2, asked for -690 mV at SoC 0), and a
     * correction without data is no correction. Samples never see those nodes, so the fit is the same.
     */
    private static DynamicParameters flatOutside(DynamicParameters d, double[] covered) {
        double[] offset = d.ocvOffsetV().clone();
        int first = 0;
        while (first < J - 1 && NODES[first + 1] <= covered[0]) {
            first++;
        }
        int last = J - 1;
        while (last > first && NODES[last - 1] >= covered[1]) {
            last--;
        }
        for (int j = 0; j < first; j++) {
            offset[j] = offset[first];
        }
        for (int j = last + 1; j < J; j++) {
            offset[j] = offset[last];
        }
        return new DynamicParameters(
                d.socNodes(),
                d.r0Ohm(),
                offset,
                d.r1Ohm(),
                d.tau1S(),
                d.r2Ohm(),
                d.tau2S(),
                d.hysteresisV(),
                d.hysteresisRate(),
                d.rmseV(),
                d.samples());
    }

    /** Largest OCV correction accepted from dynamic tests, V: beyond the entropic shift over a few tens
     * of kelvin and the variation of the hysteresis gap with SoC, it is polarisation. */
    static final double MAX_OFFSET_V = 0.15;
    /** The corrected OCV must keep at least this fraction of the low-rate curve's slope everywhere. */
    static final double MIN_SLOPE_FRACTION = 0.25;
    /** Beyond this the correction is zero to within a fraction of a millivolt. */
    private static final double MAX_PENALTY_SCALE = 1e6;

    /** The low-rate OCV at a temperature plus a fit's correction, on the OCV table's SoC grid. */
    static double[] correctedRow(SocTemperatureTable ocv, double temperatureDegC, DynamicParameters d) {
        double[] soc = ocv.soc();
        SocTemperatureTable offset = SocTemperatureTable.ofSoc(d.socNodes(), temperatureDegC, d.ocvOffsetV());
        double[] row = new double[soc.length];
        for (int s = 0; s < soc.length; s++) {
            row[s] = ocv.value(soc[s], temperatureDegC) + offset.value(soc[s], temperatureDegC);
        }
        return row;
    }

    private static boolean admissible(SocTemperatureTable ocv, double temperatureDegC, DynamicParameters d) {
        return violation(ocv, temperatureDegC, d) == null;
    }

    /** What is wrong with a fit's OCV correction, or null if nothing. */
    private static String violation(SocTemperatureTable ocv, double temperatureDegC, DynamicParameters d) {
        double[] soc = ocv.soc();
        double[] row = correctedRow(ocv, temperatureDegC, d);
        for (int s = 1; s < soc.length; s++) {
            double base = ocv.value(soc[s], temperatureDegC) - ocv.value(soc[s - 1], temperatureDegC);
            if (row[s] - row[s - 1] < MIN_SLOPE_FRACTION * base) {
                return String.format(
                        "would make the OCV fall or flatten between SoC %.3f and %.3f", soc[s - 1], soc[s]);
            }
        }
        for (double o : d.ocvOffsetV()) {
            if (Math.abs(o) > MAX_OFFSET_V) {
                return String.format("exceeds +-%.0f mV", 1000 * MAX_OFFSET_V);
            }
        }
        return null;
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }

    private static void requireIdentifiable(CellRecording t) throws IdentificationException {
        if (t.size() < 100) {
            throw new IdentificationException(
                    t.name() + ": only " + t.size() + " samples; a dynamic fit needs at least 100");
        }
        // An empty current cell is a sample not logged: it is neither rest nor load nor a step, and
        // it must not reach the running max (Math.max with NaN is NaN, and every comparison with a
        // NaN level is false: a test with a few empty cells counted "0 current steps").
        double maxAbs = 0;
        for (double i : t.currentA()) {
            if (Double.isFinite(i)) {
                maxAbs = Math.max(maxAbs, Math.abs(i));
            }
        }
        double restLevel = 0.02 * maxAbs;
        int loadSamples = 0;
        int steps = 0;
        double restS = 0;
        double lastLogged = t.currentA()[0];
        for (int k = 1; k < t.size(); k++) {
            double i = t.currentA()[k];
            if (!Double.isFinite(i)) {
                continue;
            }
            if (Math.abs(i) < restLevel) {
                restS += t.timeS()[k] - t.timeS()[k - 1];
            } else {
                loadSamples++;
            }
            // A step is a change between logged samples, across an empty cell too.
            if (Double.isFinite(lastLogged) && Math.abs(i - lastLogged) > 0.1 * maxAbs) {
                steps++;
            }
            lastLogged = i;
        }
        if (maxAbs == 0 || loadSamples < 20) {
            throw new IdentificationException(
                    t.name() + ": carries almost no current; R0 and the RC pairs need current steps");
        }
        // Without changes in current (a constant-current discharge) R0 and the RC pairs merge into
        // the OCV offset; relaxation after load or a varying load is what separates them.
        if (steps < 4) {
            throw new IdentificationException(
                    t.name() + ": has " + steps
                            + " current steps; a dynamic test needs pulses with rests or a varying load to separate R0 from the RC pairs");
        }
        // Relaxation after load is what tells the RC pairs' resistances and time constants apart
        // (under load they add up); without any rest the fit would trade them off freely.
        if (restS < MIN_REST_S) {
            throw new IdentificationException(String.format(
                    "%s: has only %.0f s at rest; a dynamic test needs rest periods (at least %.0f s in all) to show the relaxation that identifies the RC pairs",
                    t.name(), restS, MIN_REST_S));
        }
    }

    private static double medianStep(double[] time) {
        double[] dt = new double[Math.max(1, time.length - 1)];
        for (int k = 1; k < time.length; k++) {
            dt[k - 1] = time[k] - time[k - 1];
        }
        Arrays.sort(dt);
        return Math.max(dt[dt.length / 2], 1e-3);
    }

    /** Basis layout: i·φ_j (J), φ_j (J), x(τ_k) (T), s(γ_g) (G), and last y = v - ocv. */
    private int basisSize() {
        return 2 * J + taus.length + gammas.length + 1;
    }

    private int tauColumn(int k) {
        return 2 * J + k;
    }

    private int gammaColumn(int g) {
        return 2 * J + taus.length + g;
    }

    private Gram accumulate(List<CellRecording> tests, double[] testWeights) {
        int n = basisSize();
        Gram gram = new Gram(n);
        double[] b = new double[n];
        double[] x = new double[taus.length];
        double[] s = new double[gammas.length];
        // Each test's weight is spread over its samples, whatever its length or sampling rate: a
        // C/20 curve logged every minute and an HPPC test logged ten times a second are weighed by
        // what they are, not by how often they were logged.
        long total = 0;
        for (CellRecording test : tests) {
            total += test.size() - 1;
        }
        double weightSum = Arrays.stream(testWeights).sum();
        for (int t = 0; t < tests.size(); t++) {
            CellRecording test = tests.get(t);
            double weight = total * testWeights[t] / weightSum / (test.size() - 1);
            Arrays.fill(x, 0);
            // A test that starts full was charged to get there: its hysteresis starts on the charge side.
            Arrays.fill(s, test.startSoc() >= 0.98 ? 1.0 : 0.0);
            double meanT = test.meanTemperatureDegC();
            for (int k = 1; k < test.size(); k++) {
                double dt = test.timeS()[k] - test.timeS()[k - 1];
                double i = test.currentA()[k];
                double v = test.voltageV()[k];
                if (!Double.isFinite(i) || !Double.isFinite(v) || dt < 0) {
                    continue;
                }
                double dq = test.chargeAh()[k] - test.chargeAh()[k - 1];
                for (int j = 0; j < taus.length; j++) {
                    double a = Math.exp(-dt / taus[j]);
                    x[j] = a * x[j] + (1 - a) * i;
                }
                for (int g = 0; g < gammas.length; g++) {
                    double decay = Math.exp(-gammas[g] * Math.abs(dq) / capacityAh);
                    s[g] = decay * s[g] + (1 - decay) * Math.signum(dq);
                }
                double soc = test.startSoc() + test.chargeAh()[k] / capacityAh;
                double temp = Double.isFinite(test.temperatureDegC()[k]) ? test.temperatureDegC()[k] : meanT;
                Arrays.fill(b, 0, 2 * J, 0.0);
                int node = nodeBelow(soc);
                double w = Math.clamp((soc - NODES[node]) / (NODES[node + 1] - NODES[node]), 0.0, 1.0);
                b[node] = i * (1 - w);
                b[node + 1] = i * w;
                b[J + node] = 1 - w;
                b[J + node + 1] = w;
                System.arraycopy(x, 0, b, tauColumn(0), taus.length);
                System.arraycopy(s, 0, b, gammaColumn(0), gammas.length);
                // With the hysteresis given, its voltage is part of what is known, not fitted.
                double known = Double.isNaN(fixedHysteresisV) ? 0.0 : fixedHysteresisV * s[0];
                b[n - 1] = v - ocv.valueExtrapolated(soc, temp) - known;
                gram.add(b, weight);
            }
        }
        return gram;
    }

    private static int nodeBelow(double soc) {
        for (int j = J - 2; j > 0; j--) {
            if (soc >= NODES[j]) {
                return j;
            }
        }
        return 0;
    }

    private DynamicParameters search(Gram gram, double offsetPenaltyScale) throws IdentificationException {
        int y = basisSize() - 1;
        DMatrixRMaj penalty = penalty(gram.count, offsetPenaltyScale);
        double[] priorWeight = new double[J];
        if (r0Prior != null) {
            for (int j = 0; j < J; j++) {
                priorWeight[j] = r0Prior[j] > 0 ? gram.count * 1e-6 / sq(R0_PRIOR_FRACTION * r0Prior[j]) : 0.0;
            }
        }
        double bestObjective = Double.POSITIVE_INFINITY;
        double[] best = null;
        int[] bestIdx = null;
        for (int t1 = 0; t1 < taus.length; t1++) {
            for (int t2 = t1 + 1; t2 < taus.length; t2++) {
                if (taus[t2] < TAU_SEPARATION * taus[t1]) {
                    continue;
                }
                for (int g = 0; g < gammas.length; g++) {
                    int[] columns = columns(t1, t2, g);
                    // Bits 0..2 switch the optional R1, R2 and M terms on; R0(soc) and ΔOCV are always in.
                    for (int mask = 0b111; mask >= 0; mask--) {
                        if (!Double.isNaN(fixedHysteresisV) && (mask & 0b100) != 0) {
                            continue; // M is given, not a coefficient
                        }
                        double[] beta = solve(gram, penalty, priorWeight, columns, mask, y);
                        if (beta == null) {
                            continue;
                        }
                        double objective =
                                sse(gram, columns, beta, y) + quadratic(penalty, beta) + priorCost(priorWeight, beta);
                        if (objective < bestObjective) {
                            bestObjective = objective;
                            best = beta;
                            bestIdx = new int[] {t1, t2, g};
                        }
                    }
                }
            }
        }
        if (best == null) {
            throw new IdentificationException(
                    "the dynamic tests admit no physical fit (every solution had a negative resistance); check the current sign convention (positive = charge)");
        }
        int[] columns = columns(bestIdx[0], bestIdx[1], bestIdx[2]);
        double rmse = Math.sqrt(Math.max(sse(gram, columns, best, y), 0) / gram.count);
        return new DynamicParameters(
                NODES.clone(),
                Arrays.copyOfRange(best, 0, J),
                Arrays.copyOfRange(best, J, 2 * J),
                best[2 * J],
                taus[bestIdx[0]],
                best[2 * J + 1],
                taus[bestIdx[1]],
                Double.isNaN(fixedHysteresisV) ? best[2 * J + 2] : fixedHysteresisV,
                gammas[bestIdx[2]],
                rmse,
                gram.count);
    }

    /** Gram columns of the unknowns: R0 nodes, ΔOCV nodes, R1, R2, M. */
    private int[] columns(int t1, int t2, int g) {
        int[] columns = new int[2 * J + 3];
        for (int j = 0; j < 2 * J; j++) {
            columns[j] = j;
        }
        columns[2 * J] = tauColumn(t1);
        columns[2 * J + 1] = tauColumn(t2);
        columns[2 * J + 2] = gammaColumn(g);
        return columns;
    }

    /** Smoothness (second differences) on R0 and ΔOCV, and a ridge on ΔOCV, scaled to the data; the
     * ΔOCV terms times {@code offsetScale}. */
    private static DMatrixRMaj penalty(long samples, double offsetScale) {
        int m = 2 * J + 3;
        DMatrixRMaj p = new DMatrixRMaj(m, m);
        for (int block = 0; block < 2; block++) {
            double weight = samples * (block == 0 ? SMOOTH_R0_PER_SAMPLE : offsetScale * SMOOTH_OFFSET_PER_SAMPLE);
            int base = block * J;
            for (int j = 1; j < J - 1; j++) {
                // Second difference on a non-uniform grid, scaled to a 0.1 SoC spacing.
                double hl = (NODES[j] - NODES[j - 1]) / 0.1;
                double hr = (NODES[j + 1] - NODES[j]) / 0.1;
                double[] d = {1 / hl, -(1 / hl + 1 / hr), 1 / hr};
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        p.add(base + j - 1 + r, base + j - 1 + c, weight * d[r] * d[c]);
                    }
                }
            }
        }
        for (int j = 0; j < J; j++) {
            p.add(J + j, J + j, samples * offsetScale * RIDGE_OFFSET_PER_SAMPLE);
        }
        p.add(2 * J, 2 * J, samples * RIDGE_RC_PER_SAMPLE);
        p.add(2 * J + 1, 2 * J + 1, samples * RIDGE_RC_PER_SAMPLE);
        return p;
    }

    /**
     * Penalised least squares with the optional terms the mask leaves out held at zero; null if
     * singular or if any resistance or the hysteresis magnitude comes out negative.
     */
    private double[] solve(Gram gram, DMatrixRMaj penalty, double[] priorWeight, int[] columns, int mask, int y) {
        int all = columns.length;
        int[] slot = new int[all];
        int m = 0;
        for (int c = 0; c < all; c++) {
            boolean optional = c >= 2 * J;
            if (!optional || (mask & (1 << (c - 2 * J))) != 0) {
                slot[m++] = c;
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        DMatrixRMaj rhs = new DMatrixRMaj(m, 1);
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                a.set(r, c, gram.get(columns[slot[r]], columns[slot[c]]) + penalty.get(slot[r], slot[c]));
            }
            rhs.set(r, 0, gram.get(columns[slot[r]], y));
            if (slot[r] < J && priorWeight[slot[r]] > 0) {
                // Penalty w·(R0_j − prior_j)²: w on the diagonal, w·prior_j on the right-hand side.
                a.add(r, r, priorWeight[slot[r]]);
                rhs.add(r, 0, priorWeight[slot[r]] * r0Prior[slot[r]]);
            }
        }
        DMatrixRMaj sol = new DMatrixRMaj(m, 1);
        if (!CommonOps_DDRM.solve(a, rhs, sol)) {
            return null;
        }
        double[] beta = new double[all];
        for (int j = 0; j < m; j++) {
            double v = sol.get(j, 0);
            boolean offset = slot[j] >= J && slot[j] < 2 * J;
            if (!Double.isFinite(v) || (!offset && v < 0)) {
                return null;
            }
            beta[slot[j]] = v;
        }
        return beta;
    }

    private double priorCost(double[] priorWeight, double[] beta) {
        double sum = 0;
        for (int j = 0; j < J; j++) {
            if (priorWeight[j] > 0) {
                sum += priorWeight[j] * sq(beta[j] - r0Prior[j]);
            }
        }
        return sum;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double quadratic(DMatrixRMaj p, double[] beta) {
        double sum = 0;
        for (int r = 0; r < beta.length; r++) {
            for (int c = 0; c < beta.length; c++) {
                sum += beta[r] * p.get(r, c) * beta[c];
            }
        }
        return sum;
    }

    private static double sse(Gram gram, int[] columns, double[] beta, int y) {
        double sse = gram.get(y, y);
        for (int r = 0; r < columns.length; r++) {
            if (beta[r] == 0) {
                continue;
            }
            sse -= 2 * beta[r] * gram.get(columns[r], y);
            for (int c = 0; c < columns.length; c++) {
                sse += beta[r] * beta[c] * gram.get(columns[r], columns[c]);
            }
        }
        return sse;
    }

    /** Symmetric sum of outer products of the basis vectors. */
    private static final class Gram {
        private final int n;
        private final double[] upper;
        private long count;

        Gram(int n) {
            this.n = n;
            this.upper = new double[n * n];
        }

        void add(double[] b, double weight) {
            for (int r = 0; r < n; r++) {
                double br = b[r] * weight;
                int row = r * n;
                for (int c = r; c < n; c++) {
                    upper[row + c] += br * b[c];
                }
            }
            count++;
        }

        double get(int r, int c) {
            return r <= c ? upper[r * n + c] : upper[c * n + r];
        }
    }
}
