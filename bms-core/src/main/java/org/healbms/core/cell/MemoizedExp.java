package org.healbms.core.cell;

/**
 * exp(x) of an argument that mostly repeats from one step to the next: a model's decays over a step,
 * exp(-dt/τ), change only when the log's step or τ does (τ moves with temperature, which moves
 * slowly), and exp is a fair share of an estimator step. It is recomputed whenever the argument
 * differs in any bit, so its figures are exp's.
 */
public final class MemoizedExp {

    private double argument = Double.NaN;
    private double value = Double.NaN;

    public double of(double x) {
        // NaN never equals itself: a NaN argument is passed through exp every time, as it would be.
        if (x != argument) {
            argument = x;
            value = Math.exp(x);
        }
        return value;
    }
}
