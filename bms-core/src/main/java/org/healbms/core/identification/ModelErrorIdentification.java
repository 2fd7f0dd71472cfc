package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ModelErrorProfile;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * The filter's noise from the identified model's own voltage error on the dynamic tests, per
 * temperature group and per SoC region, instead of one worst-case figure for every condition.
 *
 * <p>Each test's error e(t) = measured − model is split at
 * {@value ModelErrorProfile#FAST_SLOW_SPLIT_S} s (see there why): its centred moving mean over that
 * window is the slow part, the rest the fast part.
 * <ul>
 *   <li>Slow part: its RMS in each SoC bin ({@value #SOC_BIN} wide) of each temperature group is the
 *   bias's stationary spread there; its correlation time (the longest of the tests) the bias's.</li>
 *   <li>Fast part: e_f² = σ0² + (k·η)², η the model's overpotential (R0·i + v1 + v2), fitted by least
 *   squares per temperature row; k per SoC bin with the row's σ0. σ0 (the median of the rows', at least
 *   the sensor floor) is the white floor, the longest correlation time of the fast part weighs
 *   correlated samples.</li>
 * </ul>
 * A SoC bin a group's tests never reached (a cold test ends early) takes its nearest reached bin's
 * figure; where no group has data the table holds its edge, as every cell table does.
 */
public final class ModelErrorIdentification {

    /** Time scale separating the fast from the slow part of the model's error, s. */
    static final double SPLIT_S = ModelErrorProfile.FAST_SLOW_SPLIT_S;
    /** Width of a SoC region with its own figures. */
    static final double SOC_BIN = ModelErrorProfile.SOC_REGION;
    /** A bin needs this much test time to say anything about a slow error lasting minutes, s. */
    static final double MIN_BIN_S = 3 * SPLIT_S;
    /** A gap in logging longer than this starts a new stretch (HPPC files leave out their discharge steps). */
    private static final double GAP_S = 10.0;

    private ModelErrorIdentification() {}

    /**
     * The error profile, and the white floor and fast correlation that go with it.
     *
     * @param profile          slow and fast error per SoC and temperature
     * @param floorV           white voltage noise under the fast part, V
     * @param fastCorrelationS how long the fast part stays correlated, s
     */
    public record Result(ModelErrorProfile profile, double floorV, double fastCorrelationS) {

        /**
         * Whether the tests measured the slow error under load at all: some test must have held a
         * sustained current (its mean over the slow error's correlation time) of at least
         * {@value #MIN_SUSTAINED_C_RATE} C, as a drive cycle does (they average C/5 to C/2). HPPC
         * pulses last seconds between long rests and their discharge steps are often not logged, so
         * their residuals say nothing of the polarisation a drive cycle builds up, and a profile from
         * them alone is overconfident there (Panasonic, C/20 + HPPC at five temperatures: 3-sigma
         * coverage 0.00-0.42 on the 25 and 10 degC US06 and LA92 cycles). Without it the filter keeps
         * one worst-case figure for every condition: wide, but honest.
         */
        public boolean measuredSlowErrorUnderLoad(double capacityAh) {
            return profile.identifiedSustainedCurrentA() >= MIN_SUSTAINED_C_RATE * capacityAh;
        }
    }

    /** The least sustained load, in C, at which the tests are taken to show the slow error under load. */
    static final double MIN_SUSTAINED_C_RATE = 0.2;

    /**
     * @param groups        the dynamic tests, one list per temperature group (each test with a known start SoC)
     * @param temperatures  each group's temperature, °C, increasing
     * @param p             the identified model
     * @param minFloorV     the smallest white noise to assume (a pack controller's ADC and wiring)
     */
    public static Result identify(
            List<List<CellRecording>> groups, double[] temperatures, CellParameters p, double minFloorV) {
        int bins = (int) Math.round(1.0 / SOC_BIN);
        double[] socGrid = new double[bins];
        for (int b = 0; b < bins; b++) {
            socGrid[b] = (b + 0.5) * SOC_BIN;
        }
        // Each sample counts at its own temperature (the model was scored there), split between the two
        // neighbouring rows as the table interpolates: a cold test that warms under load tells of the
        // warmer rows too, and a test that starts warm does not make its group look worse than it is.
        int rowsN = temperatures.length;
        Samples[] perRow = new Samples[rowsN];
        for (int r = 0; r < rowsN; r++) {
            perRow[r] = new Samples();
        }
        // First the slow error's correlation time (the longest of the tests), which the sustained current
        // is averaged over; then every sample into its rows.
        List<CellRecording> tests = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        List<double[]> overpotentials = new ArrayList<>();
        List<Double> fallbackTemperatures = new ArrayList<>();
        double biasCorrelation = SPLIT_S;
        double fastCorrelation = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (CellRecording test : groups.get(g)) {
                TestFit fit = ModelFit.score(test, p);
                Split split = split(test, fit.modelVoltageV());
                tests.add(test);
                splits.add(split);
                overpotentials.add(overpotential(test, fit.modelVoltageV(), p));
                fallbackTemperatures.add(
                        Double.isFinite(test.meanTemperatureDegC()) ? test.meanTemperatureDegC() : temperatures[g]);
                biasCorrelation =
                        Math.max(biasCorrelation, finiteOr(ModelFit.correlationTime(test.timeS(), split.slow()), 0));
                fastCorrelation =
                        Math.max(fastCorrelation, finiteOr(ModelFit.correlationTime(test.timeS(), split.fast()), 0));
            }
        }
        double largestSustained = 0;
        for (int n = 0; n < tests.size(); n++) {
            CellRecording test = tests.get(n);
            Split split = splits.get(n);
            double[] sustained = sustainedCurrent(test, biasCorrelation);
            for (double i : sustained) {
                largestSustained = Math.max(largestSustained, Math.abs(i));
            }
            for (int k = 1; k < test.size(); k++) {
                if (!split.valid()[k] || !Double.isFinite(test.currentA()[k])) {
                    continue;
                }
                double temp = Double.isFinite(test.temperatureDegC()[k])
                        ? test.temperatureDegC()[k]
                        : fallbackTemperatures.get(n);
                int r = lowerRow(temperatures, temp);
                double w = r + 1 < rowsN
                        ? Math.clamp((temp - temperatures[r]) / (temperatures[r + 1] - temperatures[r]), 0.0, 1.0)
                        : 0.0;
                if (w < 1) {
                    perRow[r].add(test, split, overpotentials.get(n), sustained, k, p.capacityAh(), 1 - w);
                }
                if (w > 0) {
                    perRow[r + 1].add(test, split, overpotentials.get(n), sustained, k, p.capacityAh(), w);
                }
            }
        }
        double[][] bias = new double[rowsN][];
        double[][] sustainedOhm = new double[rowsN][];
        double[][] perAmp = new double[rowsN][];
        double[] floors = new double[rowsN];
        double largestCurrent = 0;
        for (int r = 0; r < rowsN; r++) {
            Samples s = perRow[r];
            largestCurrent = Math.max(largestCurrent, s.largestCurrent());
            double floorSq = s.fastFloorSq(minFloorV * minFloorV);
            floors[r] = Math.sqrt(floorSq);
            double perSustainedAmp = s.slowPerSustainedAmp();
            sustainedOhm[r] = new double[] {perSustainedAmp, perSustainedAmp};
            bias[r] = s.slowRmsPerBin(bins, perSustainedAmp);
            perAmp[r] = s.fastPerAmpPerBin(bins, floorSq);
        }
        fillEmptyRows(bias);
        double[] socEnds = {0.0, 1.0};
        fillEmptyRows(perAmp);
        double[] sortedFloors = floors.clone();
        Arrays.sort(sortedFloors);
        double floor = Math.max(minFloorV, sortedFloors[sortedFloors.length / 2]);
        for (double[] row : bias) {
            for (int b = 0; b < row.length; b++) {
                row[b] = Math.max(row[b], minFloorV); // a bias smaller than the sensor floor is not resolved
            }
        }
        ModelErrorProfile profile = new ModelErrorProfile(
                new SocTemperatureTable(socGrid, temperatures, bias),
                new SocTemperatureTable(socEnds, temperatures, sustainedOhm),
                biasCorrelation,
                new SocTemperatureTable(socGrid, temperatures, perAmp),
                largestCurrent,
                largestSustained);
        return new Result(profile, floor, fastCorrelation);
    }

    /**
     * The model's overpotential at each sample, V: its voltage less the OCV and the hysteresis, i.e.
     * R0·i + v1 + v2, with the OCV and hysteresis of the same run ({@link ModelRun}); 0 where the model
     * has no voltage.
     */
    static double[] overpotential(CellRecording test, double[] model, CellParameters p) {
        ModelRun run = new ModelRun(test, p);
        double[] eta = new double[test.size()];
        for (int k = 1; k < test.size(); k++) {
            eta[k] = run.advanceTo(k) && Double.isFinite(model[k]) ? model[k] - run.ocvV() - run.hysteresisV() : 0.0;
        }
        return eta;
    }

    /**
     * The current averaged over the slow error's correlation time up to each sample (a causal moving
     * mean, as the filter keeps it), A: a polarisation the model lacks builds up with it.
     */
    static double[] sustainedCurrent(CellRecording test, double correlationS) {
        double[] mean = new double[test.size()];
        double m = 0;
        for (int k = 1; k < test.size(); k++) {
            double dt = test.timeS()[k] - test.timeS()[k - 1];
            double i = test.currentA()[k];
            if (dt > 0 && Double.isFinite(i)) {
                double a = Math.exp(-dt / correlationS);
                m = a * m + (1 - a) * i;
            }
            mean[k] = m;
        }
        return mean;
    }

    private static int lowerRow(double[] temperatures, double t) {
        int r = 0;
        while (r + 1 < temperatures.length && temperatures[r + 1] <= t) {
            r++;
        }
        return r;
    }

    /** A temperature row no sample reached (all zeros) takes the nearest row that has data. */
    private static void fillEmptyRows(double[][] rows) {
        double[][] original = rows.clone();
        for (int r = 0; r < rows.length; r++) {
            if (Arrays.stream(original[r]).anyMatch(v -> v > 0)) {
                continue;
            }
            for (int d = 1; d < rows.length; d++) {
                if (r - d >= 0 && Arrays.stream(original[r - d]).anyMatch(v -> v > 0)) {
                    rows[r] = original[r - d].clone();
                    break;
                }
                if (r + d < rows.length && Arrays.stream(original[r + d]).anyMatch(v -> v > 0)) {
                    rows[r] = original[r + d].clone();
                    break;
                }
            }
        }
    }

    private static double finiteOr(double v, double fallback) {
        return Double.isFinite(v) ? v : fallback;
    }

    /** A test's error split into its slow and fast parts (both 0 where the sample is not valid). */
    record Split(double[] error, double[] slow, double[] fast, boolean[] valid) {}

    static Split split(CellRecording test, double[] model) {
        int n = test.size();
        double[] t = test.timeS();
        double[] e = new double[n];
        boolean[] valid = new boolean[n];
        for (int k = 0; k < n; k++) {
            e[k] = test.voltageV()[k] - model[k];
            valid[k] = Double.isFinite(e[k]);
        }
        double[] slow = new double[n];
        double[] fast = new double[n];
        // Prefix sums of error and count, then a centred window of ±SPLIT_S/2 within each logged stretch.
        double[] sum = new double[n + 1];
        int[] count = new int[n + 1];
        for (int k = 0; k < n; k++) {
            sum[k + 1] = sum[k] + (valid[k] ? e[k] : 0);
            count[k + 1] = count[k] + (valid[k] ? 1 : 0);
        }
        int stretchStart = 0;
        while (stretchStart < n) {
            int stretchEnd = stretchStart;
            while (stretchEnd + 1 < n && t[stretchEnd + 1] - t[stretchEnd] <= GAP_S) {
                stretchEnd++;
            }
            int lo = stretchStart;
            int hi = stretchStart;
            for (int k = stretchStart; k <= stretchEnd; k++) {
                while (t[k] - t[lo] > SPLIT_S / 2) {
                    lo++;
                }
                while (hi + 1 <= stretchEnd && t[hi + 1] - t[k] <= SPLIT_S / 2) {
                    hi++;
                }
                int c = count[hi + 1] - count[lo];
                if (valid[k] && c > 0) {
                    slow[k] = (sum[hi + 1] - sum[lo]) / c;
                    fast[k] = e[k] - slow[k];
                } else {
                    valid[k] = false; // zeros, not NaN, so the correlation time can still be taken
                }
            }
            stretchStart = stretchEnd + 1;
        }
        return new Split(e, slow, fast, valid);
    }

    /** One temperature group's samples: SoC, current, slow and fast error, and the time each stands for. */
    private static final class Samples {
        // soc, current, slow, fast, weight × dt, overpotential, sustained current
        private final List<double[]> rows = new ArrayList<>();

        void add(
                CellRecording test,
                Split split,
                double[] overpotential,
                double[] sustained,
                int k,
                double capacityAh,
                double weight) {
            double dt = test.timeS()[k] - test.timeS()[k - 1];
            double soc = test.startSoc() + test.chargeAh()[k] / capacityAh;
            rows.add(new double[] {
                soc,
                test.currentA()[k],
                split.slow()[k],
                split.fast()[k],
                weight * (dt > 0 && dt <= GAP_S ? dt : 0),
                overpotential[k],
                sustained[k]
            });
        }

        /**
         * r of e_s² = a + (r·ī)², ī the sustained current (weighted least squares, r ≥ 0), Ω: the slow
         * error that grows with a sustained load, as a polarisation slower than the model's RC pairs does.
         */
        double slowPerSustainedAmp() {
            return Math.sqrt(Math.max(squaresLine(6, 2).slope(), 0.0));
        }

        double largestCurrent() {
            double m = 0;
            for (double[] r : rows) {
                m = Math.max(m, Math.abs(r[1]));
            }
            return m;
        }

        /** σ0² of e_f² = σ0² + k²·η² (least squares over the samples, η the overpotential), at least the given floor. */
        double fastFloorSq(double minFloorSq) {
            return Math.max(squaresLine(5, 3).intercept(), minFloorSq);
        }

        /** A straight line y = intercept + slope·x, fitted by weighted least squares. */
        private record Line(double intercept, double slope) {}

        /**
         * The line through (column x², column y²) of the rows, each weighted by its time share; with
         * no spread in x, the weighted mean of y² and no slope.
         */
        private Line squaresLine(int xColumn, int yColumn) {
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (double[] r : rows) {
                double x = r[xColumn] * r[xColumn];
                double y = r[yColumn] * r[yColumn];
                double w = r[4];
                n += w;
                sx += w * x;
                sy += w * y;
                sxx += w * x * x;
                sxy += w * x * y;
            }
            double det = n * sxx - sx * sx;
            if (det > 0) {
                return new Line((sy * sxx - sx * sxy) / det, (n * sxy - sx * sy) / det);
            }
            return new Line(n > 0 ? sy / n : 0, 0.0);
        }

        private static double sq(double v) {
            return v * v;
        }

        private static int bin(double soc, int bins) {
            return Math.clamp((int) Math.floor(soc / SOC_BIN), 0, bins - 1);
        }

        /** The slow error's RMS per SoC bin once the part the sustained current explains is taken out. */
        double[] slowRmsPerBin(int bins, double perSustainedAmp) {
            double[] sumSq = new double[bins];
            double[] explained = new double[bins];
            double[] time = new double[bins];
            for (double[] r : rows) {
                int b = bin(r[0], bins);
                // weighted by the time each sample stands for, so a densely logged pulse does not
                // outweigh a sparsely logged rest of the same length
                sumSq[b] += r[2] * r[2] * r[4];
                explained[b] += sq(perSustainedAmp * r[6]) * r[4];
                time[b] += r[4];
            }
            double[] rms = new double[bins];
            for (int b = 0; b < bins; b++) {
                // At least a quarter of the variance stays with the bin: the load term is fitted over
                // every bin at this temperature and may explain more than a bin showed.
                rms[b] = time[b] >= MIN_BIN_S
                        ? Math.sqrt(Math.max(sumSq[b] - explained[b], 0.25 * sumSq[b]) / time[b])
                        : Double.NaN;
            }
            return fillFromNearest(rms);
        }

        double[] fastPerAmpPerBin(int bins, double floorSq) {
            double[] num = new double[bins];
            double[] den = new double[bins];
            double[] time = new double[bins];
            for (double[] r : rows) {
                int b = bin(r[0], bins);
                double x = r[5] * r[5];
                num[b] += r[4] * (r[3] * r[3] - floorSq) * x;
                den[b] += r[4] * x * x;
                time[b] += r[4];
            }
            double[] perAmp = new double[bins];
            for (int b = 0; b < bins; b++) {
                perAmp[b] = time[b] >= MIN_BIN_S && den[b] > 0 ? Math.sqrt(Math.max(num[b] / den[b], 0)) : Double.NaN;
            }
            return fillFromNearest(perAmp);
        }

        /** NaN bins take the nearest finite bin's value (towards empty first on a tie); all NaN gives zeros. */
        private static double[] fillFromNearest(double[] v) {
            double[] out = v.clone();
            for (int b = 0; b < v.length; b++) {
                if (Double.isFinite(v[b])) {
                    continue;
                }
                for (int d = 1; d < v.length; d++) {
                    if (b - d >= 0 && Double.isFinite(v[b - d])) {
                        out[b] = v[b - d];
                        break;
                    }
                    if (b + d < v.length && Double.isFinite(v[b + d])) {
                        out[b] = v[b + d];
                        break;
                    }
                }
                if (!Double.isFinite(out[b])) {
                    out[b] = 0;
                }
            }
            return out;
        }
    }
}
