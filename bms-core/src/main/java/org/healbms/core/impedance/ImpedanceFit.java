package org.healbms.core.impedance;

import java.util.List;
import org.hipparchus.complex.Complex;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Fits {@link CellImpedanceCircuit} to a measured spectrum by Levenberg-Marquardt (Hipparchus) on
 * residuals relative to |Z| at each point, so the millihm ohmic region and the tens-of-milliohm
 * diffusion tail weigh alike. Parameters are fitted as logarithms (resistances, times, L, σ stay
 * positive), the CPE exponents through a logistic onto 0.4..1, and the charge-transfer time as a
 * multiple (> 1) of the SEI time. Starting values come from the
 * spectrum's shape; the arcs' time constants are tried from a few starts and the best fit kept,
 * because LM finds the minimum nearest its start.
 */
public final class ImpedanceFit {

    private static final int PARAMETERS = 9;
    private static final double N_MIN = 0.4;

    private ImpedanceFit() {}

    /** The fitted circuit and how well it matches: RMS of the residuals relative to |Z|. */
    public record Result(CellImpedanceCircuit circuit, double relativeRmsError, int points) {}

    public static Result fit(List<ImpedanceSample> spectrum) {
        if (spectrum.size() < 2 * PARAMETERS) {
            throw new IllegalArgumentException("a spectrum needs at least " + 2 * PARAMETERS
                    + " points to fit nine parameters, got " + spectrum.size());
        }
        Result best = null;
        for (double seiTau : new double[] {1e-4, 1e-3, 1e-2}) {
            for (double ctN : new double[] {0.6, 0.8, 0.95}) {
                Result r = fitFrom(spectrum, start(spectrum, seiTau, ctN));
                if (best == null || r.relativeRmsError() < best.relativeRmsError()) {
                    best = r;
                }
            }
        }
        return best;
    }

    private static double[] start(List<ImpedanceSample> s, double seiTau, double ctN) {
        ImpedanceSample highest = s.getFirst();
        ImpedanceSample lowest = s.getFirst();
        ImpedanceSample deepest = null;
        double r0 = Double.MAX_VALUE;
        for (ImpedanceSample p : s) {
            highest = p.frequencyHz() > highest.frequencyHz() ? p : highest;
            lowest = p.frequencyHz() < lowest.frequencyHz() ? p : lowest;
            r0 = Math.min(r0, p.realOhm());
            // The charge-transfer arc's top: the most capacitive point between 0.1 Hz and 100 Hz.
            if (p.frequencyHz() > 0.1
                    && p.frequencyHz() < 100
                    && (deepest == null || p.imagOhm() < deepest.imagOhm())) {
                deepest = p;
            }
        }
        double wHigh = 2 * Math.PI * highest.frequencyHz();
        double l = Math.max(highest.imagOhm() / wHigh, 1e-10);
        double ctPeakHz = deepest == null ? 1.0 : deepest.frequencyHz();
        double rct = deepest == null ? r0 : Math.max(2 * -deepest.imagOhm(), 0.1 * r0);
        double rSei = 0.15 * rct;
        double wLow = 2 * Math.PI * lowest.frequencyHz();
        double sigma = Math.max((lowest.realOhm() - r0 - rSei - rct) * Math.sqrt(wLow), 1e-6 * r0);
        double ctTau = Math.max(1 / (2 * Math.PI * ctPeakHz), 2 * seiTau);
        return new double[] {
            Math.log(l),
            Math.log(r0),
            Math.log(rSei),
            Math.log(seiTau),
            logit(0.8),
            Math.log(rct),
            Math.log(ctTau / seiTau - 1),
            logit(ctN),
            Math.log(sigma)
        };
    }

    static CellImpedanceCircuit circuit(double[] t) {
        // τ_ct = τ_sei·(1 + e^x): the charge-transfer arc is always the slower one, so the two arcs
        // cannot swap names between spectra.
        double seiTau = Math.exp(t[3]);
        return new CellImpedanceCircuit(
                Math.exp(t[0]),
                Math.exp(t[1]),
                Math.exp(t[2]),
                seiTau,
                exponent(t[4]),
                Math.exp(t[5]),
                seiTau * (1 + Math.exp(t[6])),
                exponent(t[7]),
                Math.exp(t[8]));
    }

    private static double exponent(double x) {
        return N_MIN + (1 - N_MIN) / (1 + Math.exp(-x));
    }

    private static double logit(double n) {
        double u = (n - N_MIN) / (1 - N_MIN);
        return Math.log(u / (1 - u));
    }

    private static double[] residuals(double[] theta, List<ImpedanceSample> s) {
        CellImpedanceCircuit c = circuit(theta);
        double[] r = new double[2 * s.size()];
        for (int i = 0; i < s.size(); i++) {
            ImpedanceSample p = s.get(i);
            Complex z = c.impedanceAt(p.frequencyHz());
            double scale = p.magnitude();
            r[2 * i] = (z.getReal() - p.realOhm()) / scale;
            r[2 * i + 1] = (z.getImaginary() - p.imagOhm()) / scale;
        }
        return r;
    }

    private static Result fitFrom(List<ImpedanceSample> s, double[] start) {
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(start)
                .target(new double[2 * s.size()])
                .model(point -> {
                    double[] t = point.toArray();
                    double[] r0 = residuals(t, s);
                    double[][] jac = new double[r0.length][PARAMETERS];
                    for (int k = 0; k < PARAMETERS; k++) {
                        double h = 1e-6 * Math.max(1.0, Math.abs(t[k]));
                        double[] tk = t.clone();
                        tk[k] += h;
                        double[] rk = residuals(tk, s);
                        for (int i = 0; i < r0.length; i++) {
                            jac[i][k] = (rk[i] - r0[i]) / h;
                        }
                    }
                    RealVector value = new ArrayRealVector(r0, false);
                    RealMatrix jacobian = new Array2DRowRealMatrix(jac, false);
                    return new Pair<>(value, jacobian);
                })
                .maxEvaluations(20_000)
                .maxIterations(5_000)
                .build();
        try {
            LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
            double[] t = optimum.getPoint().toArray();
            return new Result(circuit(t), optimum.getRMS() * Math.sqrt(2), s.size());
        } catch (RuntimeException e) {
            // A start that diverges (evaluations exhausted, a singular step) is just a bad start.
            return new Result(circuit(start), Double.POSITIVE_INFINITY, s.size());
        }
    }
}
