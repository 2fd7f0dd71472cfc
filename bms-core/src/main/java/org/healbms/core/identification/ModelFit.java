package org.healbms.core.identification;

import java.util.Arrays;
import java.util.List;
import org.healbms.core.cell.CellParameters;

/**
 * Runs the cell model along a recorded test and compares its voltage with the measured one.
 *
 * <p>The model runs as {@link ModelRun} runs it, with R0·i added.
 */
public final class ModelFit {

    private ModelFit() {}

    /** The model's error over several tests: the worst RMSE and the longest error correlation. */
    record Error(double worstRmseV, double correlationS) {}

    /**
     * Scores every test (adding each fit to {@code fits}) and returns what the filter's voltage
     * noise is set from: the worst test's RMSE (one figure serves every condition, and a bound tuned
     * on the average is overconfident where the model is worst) and the longest correlation.
     */
    static Error scoreAll(List<CellRecording> tests, CellParameters p, List<TestFit> fits) {
        double worst = 0;
        double correlation = 0;
        for (CellRecording test : tests) {
            TestFit fit = score(test, p);
            fits.add(fit);
            worst = Math.max(worst, fit.rmseV());
            if (Double.isFinite(fit.errorCorrelationS())) {
                correlation = Math.max(correlation, fit.errorCorrelationS());
            }
        }
        return new Error(worst, correlation);
    }

    public static TestFit score(CellRecording test, CellParameters p) {
        ModelRun run = new ModelRun(test, p);
        double[] model = new double[test.size()];
        double[] error = new double[test.size()];
        double sumSq = 0;
        double maxAbs = 0;
        long n = 0;
        model[0] = Double.NaN;
        for (int k = 1; k < test.size(); k++) {
            if (!run.advanceTo(k)) {
                model[k] = Double.NaN;
                continue;
            }
            double soc = run.soc();
            double temp = run.temperatureDegC();
            model[k] = run.ocvV()
                    + run.hysteresisV()
                    + p.r0Ohm().value(soc, temp) * test.currentA()[k]
                    + run.v1()
                    + run.v2();
            double e = test.voltageV()[k] - model[k];
            error[k] = e;
            sumSq += e * e;
            maxAbs = Math.max(maxAbs, Math.abs(e));
            n++;
        }
        return new TestFit(
                test.name(),
                n,
                n == 0 ? Double.NaN : Math.sqrt(sumSq / n),
                maxAbs,
                correlationTime(test.timeS(), error),
                test.timeS(),
                test.voltageV(),
                model);
    }

    /**
     * The lag at which the error's autocorrelation first falls below 1/e, s: for an exponentially
     * correlated error that is its correlation time. Lags are taken on a log grid in samples, so the
     * estimate assumes roughly even logging, which holds within each stretch of a test.
     */
    static double correlationTime(double[] time, double[] error) {
        int n = error.length;
        double duration = time[n - 1] - time[0];
        if (n < 100 || !(duration > 0)) {
            return Double.NaN;
        }
        // The typical logging step, not duration / samples: logged tests have long unlogged gaps.
        double[] steps = new double[n - 1];
        for (int k = 1; k < n; k++) {
            steps[k - 1] = time[k] - time[k - 1];
        }
        Arrays.sort(steps);
        double step = steps[steps.length / 2];
        double mean = 0;
        for (double e : error) {
            mean += e;
        }
        mean /= n;
        double variance = 0;
        for (double e : error) {
            variance += (e - mean) * (e - mean);
        }
        if (!(variance > 0)) {
            return Double.NaN;
        }
        double previousLag = 0;
        double previousRho = 1;
        for (int m = 1; m < n / 10; m = Math.max(m + 1, (int) (m * 1.25))) {
            double sum = 0;
            for (int k = 0; k + m < n; k++) {
                sum += (error[k] - mean) * (error[k + m] - mean);
            }
            double rho = sum / variance * n / (n - m);
            double lag = m * step;
            if (rho < 1 / Math.E) {
                // interpolate between the two lags that bracket 1/e
                double w = (previousRho - 1 / Math.E) / (previousRho - rho);
                return previousLag + w * (lag - previousLag);
            }
            previousLag = lag;
            previousRho = rho;
        }
        return previousLag;
    }
}
