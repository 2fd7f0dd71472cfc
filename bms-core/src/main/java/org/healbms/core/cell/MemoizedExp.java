package org.healbms.core.cell;

/**
 * exp(x) of an argument that mostly repeats from one step to the next: a model's decays over a step,
 * exp(-dt/τ), change only when the log's step or τ does (τ moves with temperature, which moves
 * slowly), and exp is a fair share of an estimator step. It is recomputed whenever the argument
 * differs in any bit, so its figures are exp's (within an ulp: small arguments go through the series).
 */
public final class MemoizedExp {

    private double argument = Double.NaN;
    private double value = Double.NaN;

    public double of(double x) {
        // NaN never equals itself: a NaN argument is passed through exp every time, as it would be.
        if (x != argument) {
            argument = x;
            value = Math.abs(x) <= SMALL ? series(x) : Math.exp(x);
        }
        return value;
    }

    /**
     * Below this |x| the series to x⁷ is exp(x) within rounding: the next term, x⁸/8!, is under 1e-19 of
     * it. A step's decays are mostly this small (dt/τ of 0.1 s over tens to thousands of seconds, the
     * hysteresis's charge fraction), and the series, inlined, costs a fraction of {@code Math.exp}'s call.
     */
    private static final double SMALL = 1.0 / 64;

    private static double series(double x) {
        double p = 1.0 / 5040;
        p = Math.fma(p, x, 1.0 / 720);
        p = Math.fma(p, x, 1.0 / 120);
        p = Math.fma(p, x, 1.0 / 24);
        p = Math.fma(p, x, 1.0 / 6);
        p = Math.fma(p, x, 0.5);
        p = Math.fma(p, x, 1.0);
        return Math.fma(p, x, 1.0);
    }
}
