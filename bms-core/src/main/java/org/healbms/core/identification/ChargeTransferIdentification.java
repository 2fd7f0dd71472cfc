package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ChargeTransfer;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * Identifies the non-linear charge transfer ({@link ChargeTransfer}) beside the linear model from the
 * same dynamic tests, with one Arrhenius law for its exchange current across the temperature groups.
 *
 * <p>The identified model's OCV, hysteresis and RC pairs are run along each test ({@link ModelRun})
 * and taken off the measured voltage; what is left, y, is what the linear model puts into R0·i. It is
 * fitted again as R_ohmic(SoC)·i + b·x_τ[asinh(i / (2·I0))], x_τ a first-order lag and b = 2RT/F (the
 * symmetric Butler-Volmer reaction; no slope is fitted to the data). The fit is of the parts of y, i and
 * x_τ faster than the resistance response's {@value #WINDOW_S} s window (each less its first-order mean
 * over it), which is what the response compares: the OCV's and the slow polarisation's errors, which
 * dominate a cold test's voltage error, move little in a window and would otherwise pull the fit. With
 * I0 and τ on a grid the fit is linear in R_ohmic's SoC nodes (held as smooth over SoC as
 * {@link DynamicFit} holds R0), solved in closed form at every grid point from sums accumulated in one
 * pass. Pulses at several currents (an HPPC test's 0.5 to 6C) show the curvature that places I0: a
 * small I0 bends the response early.
 *
 * <p>Each group gives its error over the I0 grid; the law I0_ref·exp(−E_a/R·(1/T − 1/T_ref)) is the one
 * whose I0s make the groups' summed error least. Fitted group by group, I0 wandered by a factor ten
 * between neighbouring groups (Panasonic: 0.25 A at 0.7 degC, 2.5 A at 4.6 degC), as one group's tests
 * rarely tell I0 from the ohmic share alone; the law across them gives 5.1 A at 25 degC and 64 kJ/mol,
 * within the range reported for lithium-ion electrodes. Each group then takes the law's I0 and its own
 * lag and ohmic resistance. The element is kept only where it lowers the summed error by
 * {@value #MIN_GAIN} of it or more (a free parameter always lowers it a little); the linear model,
 * without it, competes at every grid point.
 *
 * <p>The RC pairs stay as the linear fit left them, so the SoC filter's model is untouched and the
 * resistance state of health compares the same RC voltages; only the fast part, the ohmic step and the
 * charge transfer, is described anew. I0 and τ follow the Arrhenius law between the temperature rows,
 * b = 2RT/F a straight line.
 */
public final class ChargeTransferIdentification {

    /** Exchange currents tried per temperature, in C (multiples of the capacity in A), log-spaced. */
    private static final double LOWEST_EXCHANGE_C = 0.005;

    private static final double HIGHEST_EXCHANGE_C = 20.0;
    private static final int EXCHANGE_POINTS = 33;
    /** Lags tried, s: none, and up to seconds (the double layer charging through a cold cell's charge transfer). */
    private static final double[] TAUS = {0.0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2};
    /** Activation energies tried for I0's Arrhenius law, J/mol: 0 to 150 kJ/mol, every 1 kJ/mol. */
    private static final double ACTIVATION_STEP_J_PER_MOL = 1000.0;

    private static final int ACTIVATION_POINTS = 151;
    /** Reference temperature of the law's I0, °C. */
    static final double REFERENCE_DEGC = 25.0;
    /**
     * The time scale compared, s: that of the resistance response's window. The fit is of the series'
     * parts faster than it (each less its first-order mean over it), as the response compares changes
     * over it: the OCV's and the slow polarisation's errors, which dominate a cold test's voltage error
     * and move little in a window, neither pull the fit nor weigh its temperature up.
     */
    static final double WINDOW_S = 5.0;
    /** Smoothness of R_ohmic over SoC, as {@link DynamicFit} weighs R0's. */
    private static final double SMOOTH_R0_PER_SAMPLE = 1e-6 / (0.005 * 0.005);
    /** Least fraction of the fit's RMSE the element must take away to be kept. */
    static final double MIN_GAIN = 0.01;

    private static final double KELVIN = 273.15;
    private static final double GAS_CONSTANT = 8.314462618;
    /** Faraday's constant over the gas constant, K/V. */
    private static final double F_OVER_R = 96485.33212 / GAS_CONSTANT;

    private ChargeTransferIdentification() {}

    /** The charge transfer (null where the tests show none) and a line that says what was found. */
    public record Result(ChargeTransfer transfer, String note) {}

    /**
     * I0 = I0_ref·exp(−E_a/R·(1/T − 1/T_ref)), T_ref = {@value #REFERENCE_DEGC} °C.
     *
     * @param referenceA          I0 at the reference temperature, A
     * @param activationJPerMol   E_a, J/mol
     */
    record ExchangeLaw(double referenceA, double activationJPerMol) {
        double at(double temperatureDegC) {
            return referenceA
                    * Math.exp(-activationJPerMol
                            / GAS_CONSTANT
                            * (1.0 / (temperatureDegC + KELVIN) - 1.0 / (REFERENCE_DEGC + KELVIN)));
        }
    }

    /**
     * One temperature group's penalised squared error over the exchange-current grid (the best lag at
     * each), and without the element.
     */
    private record Profile(double[] objective, double linearObjective, double weightSum) {}

    /**
     * @param groups       the dynamic tests, one list per temperature group (each with a known start SoC)
     * @param temperatures each group's temperature, °C, increasing (the rows of the model's tables)
     * @param p            the identified linear model
     */
    public static Result identify(List<List<CellRecording>> groups, double[] temperatures, CellParameters p) {
        double[] grid = new double[EXCHANGE_POINTS];
        for (int m = 0; m < EXCHANGE_POINTS; m++) {
            grid[m] = p.capacityAh()
                    * LOWEST_EXCHANGE_C
                    * Math.pow(HIGHEST_EXCHANGE_C / LOWEST_EXCHANGE_C, m / (EXCHANGE_POINTS - 1.0));
        }
        int n = groups.size();
        // The linear model's residual is the same for every grid point: run once per test.
        List<List<double[]>> residuals = new ArrayList<>();
        for (List<CellRecording> group : groups) {
            residuals.add(group.stream().map(test -> residual(test, p)).toList());
        }
        Profile[] profiles = new Profile[n];
        for (int g = 0; g < n; g++) {
            profiles[g] = profile(groups.get(g), residuals.get(g), temperatures[g], p, grid);
        }
        ExchangeLaw law = fitLaw(profiles, temperatures, grid);
        String head = "charge transfer (Butler-Volmer, b = 2RT/F; the resistance state of health's reference): ";
        if (law == null) {
            return new Result(null, head + "none, the tests' response is as linear in current as the model");
        }
        double[] nodes = p.r0Ohm().soc();
        double[][] ohmic = new double[n][];
        double[][] exchange = new double[n][];
        double[][] tafel = new double[n][];
        double[][] tau = new double[n][];
        List<String> parts = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            double i0 = law.at(temperatures[g]);
            Sums sums = accumulate(groups.get(g), residuals.get(g), p, new double[] {i0});
            DMatrixRMaj smooth = smoothness(nodes, sums.count * SMOOTH_R0_PER_SAMPLE);
            double b = symmetricTafelV(temperatures[g]);
            double[] linear = solve(sums, smooth, -1, b);
            double[] best = null;
            int bestColumn = -1;
            double bestObjective = Double.POSITIVE_INFINITY;
            for (int c = 0; c < sums.columns; c++) {
                double[] beta = solve(sums, smooth, c, b);
                double objective = beta == null ? Double.POSITIVE_INFINITY : objective(sums, smooth, beta, c, b);
                if (objective < bestObjective) {
                    bestObjective = objective;
                    best = beta;
                    bestColumn = c;
                }
            }
            if (best == null) {
                // The law's I0 leaves no physical ohmic resistance here: the linear model's R0 stands.
                best = linear != null ? linear : r0Row(p, temperatures[g]);
                b = 0.0;
            }
            ohmic[g] = best;
            exchange[g] = new double[] {i0, i0};
            tafel[g] = new double[] {b, b};
            double lag = bestColumn >= 0 ? TAUS[bestColumn] : 0.0;
            tau[g] = new double[] {lag, lag};
            parts.add(String.format(
                    "%.1f degC I0 %.3g A, lag %.1f s, R_ohmic %.1f..%.1f mOhm, RMSE within 5 s %.1f -> %.1f mV",
                    temperatures[g],
                    i0,
                    lag,
                    1000 * min(best),
                    1000 * max(best),
                    1000 * (linear == null ? Double.NaN : rmse(sums, linear, -1, b)),
                    1000 * rmse(sums, best, bestColumn, b)));
        }
        double[] ends = {0.0, 1.0};
        SocTemperatureTable.TemperatureLaw arrhenius = SocTemperatureTable.TemperatureLaw.ARRHENIUS;
        return new Result(
                new ChargeTransfer(
                        new SocTemperatureTable(nodes, temperatures, ohmic, arrhenius),
                        new SocTemperatureTable(ends, temperatures, exchange, arrhenius),
                        new SocTemperatureTable(ends, temperatures, tafel),
                        new SocTemperatureTable(ends, temperatures, tau, arrhenius)),
                head
                        + (n > 1
                                ? String.format(
                                        "I0 %.3g A at %.0f degC, activation energy %.0f kJ/mol; ",
                                        law.referenceA(), REFERENCE_DEGC, law.activationJPerMol() / 1000)
                                : "")
                        + String.join(", ", parts));
    }

    /**
     * The Arrhenius law for I0 that fits all groups together best: the sum of their profiles, read
     * between grid points linearly in ln I0, over a grid of activation energies and reference currents.
     * Null where even the best law takes less than {@value #MIN_GAIN} of the linear model's error away.
     */
    static ExchangeLaw fitLaw(Profile[] profiles, double[] temperatures, double[] grid) {
        double linear = 0;
        double weights = 0;
        for (Profile profile : profiles) {
            linear += profile.linearObjective();
            weights += profile.weightSum();
        }
        double lnLo = Math.log(grid[0]);
        double lnStep = (Math.log(grid[grid.length - 1]) - lnLo) / (grid.length - 1);
        ExchangeLaw best = null;
        double bestTotal = Double.POSITIVE_INFINITY;
        // References four times finer than the profiles' grid, over the same span.
        int references = 4 * (grid.length - 1) + 1;
        for (int e = 0; e < ACTIVATION_POINTS; e++) {
            double activation = e * ACTIVATION_STEP_J_PER_MOL;
            for (int r = 0; r < references; r++) {
                ExchangeLaw law = new ExchangeLaw(Math.exp(lnLo + r * lnStep / 4), activation);
                double total = 0;
                for (int g = 0; g < profiles.length; g++) {
                    double at = (Math.log(law.at(temperatures[g])) - lnLo) / lnStep;
                    total += interpolate(profiles[g].objective(), at);
                }
                if (total < bestTotal) {
                    bestTotal = total;
                    best = law;
                }
            }
        }
        boolean worth = Math.sqrt(bestTotal / weights) <= (1.0 - MIN_GAIN) * Math.sqrt(linear / weights);
        return worth ? best : null;
    }

    /** A profile read at a fractional grid index, held at its ends. */
    private static double interpolate(double[] values, double at) {
        if (!(at > 0)) {
            return values[0];
        }
        if (at >= values.length - 1) {
            return values[values.length - 1];
        }
        int k = (int) at;
        double w = at - k;
        return (1 - w) * values[k] + w * values[k + 1];
    }

    /** One group's error over the exchange-current grid, each point with its best lag. */
    private static Profile profile(
            List<CellRecording> tests,
            List<double[]> residuals,
            double temperatureDegC,
            CellParameters p,
            double[] grid) {
        Sums sums = accumulate(tests, residuals, p, grid);
        DMatrixRMaj smooth = smoothness(p.r0Ohm().soc(), sums.count * SMOOTH_R0_PER_SAMPLE);
        double b = symmetricTafelV(temperatureDegC);
        double[] linear = solve(sums, smooth, -1, b);
        double linearObjective = linear == null ? Double.POSITIVE_INFINITY : objective(sums, smooth, linear, -1, b);
        double[] objective = new double[grid.length];
        Arrays.fill(objective, linearObjective);
        for (int c = 0; c < sums.columns; c++) {
            double[] beta = solve(sums, smooth, c, b);
            if (beta != null) {
                int m = c % grid.length;
                objective[m] = Math.min(objective[m], objective(sums, smooth, beta, c, b));
            }
        }
        return new Profile(objective, linearObjective, sums.weightSum);
    }

    private static double[] r0Row(CellParameters p, double temperatureDegC) {
        double[] nodes = p.r0Ohm().soc();
        double[] r0 = new double[nodes.length];
        for (int k = 0; k < nodes.length; k++) {
            r0[k] = p.r0Ohm().value(nodes[k], temperatureDegC);
        }
        return r0;
    }

    /** 2RT/F at a temperature: the Tafel slope per e-fold of a symmetric (α = 0.5) one-electron reaction, V. */
    static double symmetricTafelV(double temperatureDegC) {
        return 2.0 * (temperatureDegC + KELVIN) / F_OVER_R;
    }

    /**
     * Weighted sums over the tests' samples: of the SoC hat functions times the current with each
     * other (the R_ohmic block) and with the residual y, of y², and for every grid column c (lag τ, I0)
     * of c with the hat functions, with y and with itself.
     */
    private static final class Sums {
        final int nodes;
        final int columns;
        final double[][] hatHat;
        final double[] hatY;
        double yy;
        final double[][] hatColumn;
        final double[] columnY;
        final double[] columnColumn;
        double weightSum;
        long count;

        Sums(int nodes, int columns) {
            this.nodes = nodes;
            this.columns = columns;
            hatHat = new double[nodes][nodes];
            hatY = new double[nodes];
            hatColumn = new double[columns][nodes];
            columnY = new double[columns];
            columnColumn = new double[columns];
        }
    }

    /**
     * What the linear model leaves of each sample's voltage for R0·i to explain: the measurement less
     * the OCV, the hysteresis and the RC voltages, run along the test ({@link ModelRun}); NaN
     * where a sample has no current or voltage.
     */
    private static double[] residual(CellRecording test, CellParameters p) {
        ModelRun run = new ModelRun(test, p);
        double[] y = new double[test.size()];
        y[0] = Double.NaN;
        for (int k = 1; k < test.size(); k++) {
            y[k] = run.advanceTo(k)
                    ? test.voltageV()[k] - run.ocvV() - run.hysteresisV() - run.v1() - run.v2()
                    : Double.NaN;
        }
        return y;
    }

    private static Sums accumulate(
            List<CellRecording> tests, List<double[]> residuals, CellParameters p, double[] exchange) {
        double[] nodes = p.r0Ohm().soc();
        int columns = TAUS.length * exchange.length;
        Sums sums = new Sums(nodes.length, columns);
        double capacity = p.capacityAh();
        long total = 0;
        for (CellRecording test : tests) {
            total += test.size() - 1;
        }
        double[] steady = new double[exchange.length];
        double[] state = new double[columns];
        double[] lag = new double[TAUS.length];
        // The slow parts of the series (their means over the response's window), taken off each.
        double[] slowState = new double[columns];
        for (int r = 0; r < tests.size(); r++) {
            CellRecording test = tests.get(r);
            double[] residual = residuals.get(r);
            // Each test weighs the same, however long or finely logged (as in DynamicFit).
            double weight = (double) total / tests.size() / (test.size() - 1);
            Arrays.fill(state, 0.0);
            double lastDt = Double.NaN;
            double slow = 0;
            double slowCurrent = 0;
            double slowY = 0;
            boolean first = true;
            for (int k = 1; k < test.size(); k++) {
                double y = residual[k];
                if (Double.isNaN(y)) {
                    continue;
                }
                double dt = test.timeS()[k] - test.timeS()[k - 1];
                double i = test.currentA()[k];
                double soc = test.startSoc() + test.chargeAh()[k] / capacity;
                if (dt != lastDt) {
                    for (int t = 0; t < TAUS.length; t++) {
                        lag[t] = TAUS[t] > 0 ? Math.exp(-dt / TAUS[t]) : 0.0;
                    }
                    slow = Math.exp(-dt / WINDOW_S);
                    lastDt = dt;
                }
                for (int m = 0; m < exchange.length; m++) {
                    steady[m] = ChargeTransfer.overpotentialV(i, exchange[m], 1.0);
                }
                if (first) {
                    slowCurrent = i;
                    slowY = y;
                }
                slowCurrent = slow * slowCurrent + (1 - slow) * i;
                slowY = slow * slowY + (1 - slow) * y;
                double fastCurrent = i - slowCurrent;
                y -= slowY;
                // Over a window SoC barely moves: the SoC weights multiply the current's fast part.
                int s = lowerNode(nodes, soc);
                double w = Math.clamp((soc - nodes[s]) / (nodes[s + 1] - nodes[s]), 0.0, 1.0);
                double lo = fastCurrent * (1 - w);
                double hi = fastCurrent * w;
                sums.hatHat[s][s] += weight * lo * lo;
                sums.hatHat[s][s + 1] += weight * lo * hi;
                sums.hatHat[s + 1][s] += weight * lo * hi;
                sums.hatHat[s + 1][s + 1] += weight * hi * hi;
                sums.hatY[s] += weight * lo * y;
                sums.hatY[s + 1] += weight * hi * y;
                sums.yy += weight * y * y;
                for (int t = 0; t < TAUS.length; t++) {
                    double a = lag[t];
                    int base = t * exchange.length;
                    for (int m = 0; m < exchange.length; m++) {
                        int c = base + m;
                        double x = a * state[c] + (1 - a) * steady[m];
                        state[c] = x;
                        if (first) {
                            slowState[c] = x;
                        }
                        slowState[c] = slow * slowState[c] + (1 - slow) * x;
                        x -= slowState[c];
                        double wx = weight * x;
                        sums.hatColumn[c][s] += wx * lo;
                        sums.hatColumn[c][s + 1] += wx * hi;
                        sums.columnY[c] += wx * y;
                        sums.columnColumn[c] += wx * x;
                    }
                }
                first = false;
                sums.weightSum += weight;
                sums.count++;
            }
        }
        return sums;
    }

    private static int lowerNode(double[] nodes, double soc) {
        for (int s = nodes.length - 2; s > 0; s--) {
            if (soc >= nodes[s]) {
                return s;
            }
        }
        return 0;
    }

    /** Second differences of R_ohmic over SoC, on a non-uniform grid scaled to a 0.1 SoC spacing. */
    private static DMatrixRMaj smoothness(double[] nodes, double weight) {
        int j = nodes.length;
        DMatrixRMaj p = new DMatrixRMaj(j, j);
        for (int n = 1; n < j - 1; n++) {
            double hl = (nodes[n] - nodes[n - 1]) / 0.1;
            double hr = (nodes[n + 1] - nodes[n]) / 0.1;
            double[] d = {1 / hl, -(1 / hl + 1 / hr), 1 / hr};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    p.add(n - 1 + r, n - 1 + c, weight * d[r] * d[c]);
                }
            }
        }
        return p;
    }

    /**
     * R_ohmic at the nodes with the grid column c (its overpotential b·x_c taken off y; c < 0 for none):
     * penalised least squares; null if singular or if a resistance comes out negative.
     */
    private static double[] solve(Sums sums, DMatrixRMaj smooth, int c, double tafelV) {
        int j = sums.nodes;
        DMatrixRMaj a = new DMatrixRMaj(j, j);
        DMatrixRMaj rhs = new DMatrixRMaj(j, 1);
        for (int r = 0; r < j; r++) {
            for (int k = 0; k < j; k++) {
                a.set(r, k, sums.hatHat[r][k] + smooth.get(r, k));
            }
            rhs.set(r, 0, sums.hatY[r] - (c >= 0 ? tafelV * sums.hatColumn[c][r] : 0.0));
        }
        DMatrixRMaj solution = new DMatrixRMaj(j, 1);
        if (!CommonOps_DDRM.solve(a, rhs, solution)) {
            return null;
        }
        double[] beta = new double[j];
        for (int r = 0; r < j; r++) {
            beta[r] = solution.get(r, 0);
            if (!(beta[r] >= 0)) {
                return null;
            }
        }
        return beta;
    }

    /** Weighted squared error of a solution: Σ w·(y − b·x_c − Σ β_n·φ_n·i)². */
    private static double sse(Sums sums, double[] beta, int c, double tafelV) {
        int j = sums.nodes;
        double b = c >= 0 ? tafelV : 0.0;
        double sse = sums.yy;
        if (c >= 0) {
            sse += -2 * b * sums.columnY[c] + b * b * sums.columnColumn[c];
        }
        for (int r = 0; r < j; r++) {
            double cross = sums.hatY[r] - (c >= 0 ? b * sums.hatColumn[c][r] : 0.0);
            sse -= 2 * beta[r] * cross;
            for (int k = 0; k < j; k++) {
                sse += beta[r] * beta[k] * sums.hatHat[r][k];
            }
        }
        return Math.max(sse, 0.0);
    }

    private static double objective(Sums sums, DMatrixRMaj smooth, double[] beta, int c, double tafelV) {
        double penalty = 0;
        for (int r = 0; r < sums.nodes; r++) {
            for (int k = 0; k < sums.nodes; k++) {
                penalty += beta[r] * smooth.get(r, k) * beta[k];
            }
        }
        return sse(sums, beta, c, tafelV) + penalty;
    }

    private static double rmse(Sums sums, double[] beta, int c, double tafelV) {
        return Math.sqrt(sse(sums, beta, c, tafelV) / sums.weightSum);
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
