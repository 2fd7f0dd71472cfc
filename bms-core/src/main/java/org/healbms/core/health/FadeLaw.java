package org.healbms.core.health;

/**
 * The capacity fade laws the forecaster chooses from. All are linear in their coefficients, so a least-squares
 * fit is exact and its parameter covariance is the textbook {@code sigma^2 (X^T X)^-1}: no iteration that could
 * fail to converge on a short history. Cycles enter in kilo-cycles to keep {@code X^T X} well conditioned.
 */
public enum FadeLaw {

    /** {@code Q = c0 + c1 n}: steady fade; the only law two or three check-ups can support. */
    LINEAR(2, false),
    /**
     * {@code Q = c0 + c1 n} through the last {@link #RECENT_CHECKUPS} check-ups only: the cell's present trend.
     * A short forecast needs the present pace, and fade changes pace: after a knee it often flattens again,
     * which no whole-history law of this family follows.
     */
    RECENT_LINEAR(2, false),
    /**
     * {@code Q = c0 + c1 sqrt(n) + c2 n}: the fast early loss of SEI growth (diffusion-limited, hence the square
     * root) on top of steady cycling loss; the shape of the first ~1000 cycles of the Sanyo UR18650E data.
     */
    SQRT_LINEAR(3, false),
    /**
     * {@code Q = c0 + c1 sqrt(n) + c2 n + c3 max(0, n - knee)}: the same with a knee, where fade accelerates
     * (lithium plating, loss of active material). The knee sits at a check-up cycle chosen by least squares, so
     * it costs one more parameter in the selection criterion.
     */
    SQRT_LINEAR_KNEE(4, true);

    static final double CYCLE_SCALE = 1000.0;
    /** Check-ups the recent trend is drawn through. */
    static final int RECENT_CHECKUPS = 2;

    private final int coefficients;
    private final boolean knee;

    FadeLaw(int coefficients, boolean knee) {
        this.coefficients = coefficients;
        this.knee = knee;
    }

    /** Number of fitted coefficients (the knee position not included). */
    public int coefficients() {
        return coefficients;
    }

    /** Parameters the selection criterion charges for: the coefficients, plus the knee position if any. */
    public int freeParameters() {
        return coefficients + (knee ? 1 : 0);
    }

    public boolean hasKnee() {
        return knee;
    }

    /** How many of the latest check-ups the law is fitted to. */
    int window(int checkups) {
        return this == RECENT_LINEAR ? Math.min(RECENT_CHECKUPS, checkups) : checkups;
    }

    /** The regressors of this law at {@code cycle}; {@code kneeCycle} is ignored by laws without a knee. */
    double[] regressors(double cycle, double kneeCycle) {
        double u = cycle / CYCLE_SCALE;
        return switch (this) {
            case LINEAR, RECENT_LINEAR -> new double[] {1, u};
            case SQRT_LINEAR -> new double[] {1, Math.sqrt(u), u};
            case SQRT_LINEAR_KNEE -> new double[] {1, Math.sqrt(u), u, Math.max(0, u - kneeCycle / CYCLE_SCALE)};
        };
    }
}
