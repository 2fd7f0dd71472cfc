package org.healbms.core.health;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A fade law fitted to one cell's check-ups by least squares.
 *
 * @param law              the law
 * @param kneeCycle        cycle of the knee for {@link FadeLaw#SQRT_LINEAR_KNEE}, {@code NaN} otherwise
 * @param coefficients     fitted coefficients in Ah, against cycles in kilo-cycles (see {@link FadeLaw})
 * @param covariance       their covariance, row-major k x k, in Ah^2
 * @param residualSigmaAh  check-up scatter: the residual RMS on the degrees of freedom, floored at the forecaster's
 *                         noise floor
 * @param degreesOfFreedom check-ups minus coefficients; 0 means the scatter is the floor alone, and intervals use
 *                         the normal quantile
 * @param checkups         number of check-ups fitted
 * @param aicc             corrected Akaike criterion of the fit ({@code NaN} where too few check-ups define it)
 */
public record FadeFit(
        FadeLaw law,
        double kneeCycle,
        double[] coefficients,
        double[] covariance,
        double residualSigmaAh,
        int degreesOfFreedom,
        int checkups,
        double aicc) {

    public FadeFit {
        coefficients = coefficients.clone();
        covariance = covariance.clone();
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    /** The fitted curve at {@code cycle}. */
    public double capacityAh(double cycle) {
        double[] x = law.regressors(cycle, kneeCycle);
        double q = 0;
        for (int i = 0; i < x.length; i++) {
            q += coefficients[i] * x[i];
        }
        return q;
    }

    /** Variance of the fitted curve at {@code cycle} from the parameter covariance alone. */
    double curveVariance(double cycle) {
        double[] x = law.regressors(cycle, kneeCycle);
        int k = x.length;
        double v = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                v += x[i] * covariance[i * k + j] * x[j];
            }
        }
        return Math.max(0, v);
    }

    /** Two-sided 95 % quantile for intervals from this fit. */
    double quantile95() {
        return StudentT.quantile(0.975, degreesOfFreedom > 0 ? degreesOfFreedom : Double.POSITIVE_INFINITY);
    }

    /**
     * The capacity a check-up at {@code cycle} would measure: the curve, with an interval from the parameter
     * covariance plus the check-up scatter (a new measurement scatters like the fitted ones did).
     */
    public CapacityPrediction predict(double cycle) {
        return predict(cycle, 0.0);
    }

    /**
     * As {@link #predict(double)}, widened by a further independent error, e.g. how far the chosen law missed
     * a check-up it was not fitted to (the uncertainty of the choice of law itself).
     */
    public CapacityPrediction predict(double cycle, double extraSigmaAh) {
        double q = capacityAh(cycle);
        double sigma =
                Math.sqrt(curveVariance(cycle) + residualSigmaAh * residualSigmaAh + extraSigmaAh * extraSigmaAh);
        double half = quantile95() * sigma;
        return new CapacityPrediction(cycle, q, sigma, q - half, q + half);
    }

    /** Fits {@code law} by least squares; the caller has checked the history and that it has enough check-ups. */
    static FadeFit leastSquares(
            FadeLaw law, double kneeCycle, double[] cycles, double[] capacities, double noiseFloorAh) {
        int n = cycles.length;
        int k = law.coefficients();
        DMatrixRMaj x = new DMatrixRMaj(n, k);
        DMatrixRMaj y = new DMatrixRMaj(n, 1);
        for (int r = 0; r < n; r++) {
            double[] row = law.regressors(cycles[r], kneeCycle);
            for (int c = 0; c < k; c++) {
                x.set(r, c, row[c]);
            }
            y.set(r, 0, capacities[r]);
        }
        DMatrixRMaj xtx = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multTransA(x, x, xtx);
        DMatrixRMaj xtxInv = new DMatrixRMaj(k, k);
        if (!CommonOps_DDRM.invert(xtx, xtxInv)) {
            throw new IllegalArgumentException("check-up cycles do not determine a " + law + " fit");
        }
        DMatrixRMaj xty = new DMatrixRMaj(k, 1);
        CommonOps_DDRM.multTransA(x, y, xty);
        DMatrixRMaj beta = new DMatrixRMaj(k, 1);
        CommonOps_DDRM.mult(xtxInv, xty, beta);
        double rss = 0;
        for (int r = 0; r < n; r++) {
            double fitted = 0;
            for (int c = 0; c < k; c++) {
                fitted += x.get(r, c) * beta.get(c, 0);
            }
            rss += (capacities[r] - fitted) * (capacities[r] - fitted);
        }
        int dof = n - k;
        double sigma = dof > 0 ? Math.max(Math.sqrt(rss / dof), noiseFloorAh) : noiseFloorAh;
        DMatrixRMaj cov = xtxInv.copy();
        CommonOps_DDRM.scale(sigma * sigma, cov);
        return new FadeFit(
                law,
                kneeCycle,
                Arrays.copyOf(beta.data, k),
                Arrays.copyOf(cov.data, k * k),
                sigma,
                dof,
                n,
                aicc(rss, n, law.freeParameters(), noiseFloorAh));
    }

    /**
     * AICc with the residual sum floored at the check-up noise floor: a law that fits closer than check-ups can
     * be measured is not better, so ties go to the simpler law.
     */
    private static double aicc(double rss, int n, int p, double noiseFloorAh) {
        if (n - p - 1 <= 0) {
            return Double.NaN;
        }
        double floored = Math.max(rss, n * noiseFloorAh * noiseFloorAh);
        return n * Math.log(floored / n) + 2.0 * p + 2.0 * p * (p + 1) / (n - p - 1);
    }
}
