package org.healbms.core.estimation;

import java.util.Arrays;

/**
 * A snapshot of the EKF: what must survive a restart so the estimate continues where it stopped
 * (SoC and its learned capacity, with their uncertainty) instead of starting again from a guess.
 * Everything the filter's next step depends on is here, so a restored filter continues exactly as
 * one that never stopped.
 *
 * @param state      [SoC, v1, v2, h, bias, 1/Q]
 * @param covariance 6 x 6, row-major
 * @param resistanceScale ohmic resistance as a multiple of the cell file's R0(SoC, T)
 * @param resistanceScaleVariance its variance (0 when resistance is not tracked)
 * @param strainZero the strain gauge's zero, the seventh state; null when the filter has no gauge, or
 *                   the snapshot was taken before it was saved (the zero then restarts from its prior)
 * @param sustainedCurrentA the current's mean over the bias correlation time, A: the slow model error
 *                   the bias carries grows with it (0 when the cell file gives no model-error profile)
 * @param modelErrorCheck the running means the filter tests its voltage error with (see
 *                   {@link InnovationConsistency}); zero in a snapshot taken before they were saved
 */
public record FilterState(
        double[] state,
        double[] covariance,
        double resistanceScale,
        double resistanceScaleVariance,
        StrainZero strainZero,
        double sustainedCurrentA,
        ModelErrorCheck modelErrorCheck) {

    /**
     * The running mean of the voltage innovation over a correlation time and of its predicted variance.
     *
     * @param meanInnovationV         V
     * @param meanInnovationVarianceV2 V², >= 0
     */
    public record ModelErrorCheck(double meanInnovationV, double meanInnovationVarianceV2) {
        /** Nothing seen yet. */
        public static final ModelErrorCheck NONE = new ModelErrorCheck(0, 0);

        public ModelErrorCheck {
            require(Double.isFinite(meanInnovationV), "the mean innovation must be finite, got " + meanInnovationV);
            require(
                    meanInnovationVarianceV2 >= 0 && Double.isFinite(meanInnovationVarianceV2),
                    "the mean innovation variance must be a number >= 0, got " + meanInnovationVarianceV2);
        }
    }

    /**
     * The strain gauge's zero o as the filter knows it.
     *
     * @param offset              o, m/m
     * @param variance            Var(o)
     * @param covarianceWithState Cov(x, o) with the six states, in their order
     */
    public record StrainZero(double offset, double variance, double[] covarianceWithState) {

        public StrainZero {
            require(Double.isFinite(offset), "the strain zero must be finite, got " + offset);
            require(
                    variance >= 0 && Double.isFinite(variance),
                    "the strain zero variance must be a number >= 0, got " + variance);
            require(
                    covarianceWithState != null && covarianceWithState.length == SIZE,
                    "the strain zero has " + SIZE + " covariances with the state");
            for (double v : covarianceWithState) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(
                            "the strain zero's covariances must be finite: " + Arrays.toString(covarianceWithState));
                }
            }
            covarianceWithState = covarianceWithState.clone();
        }

        @Override
        public double[] covarianceWithState() {
            return covarianceWithState.clone();
        }
    }

    /** A snapshot of a filter that does not track resistance. */
    public FilterState(double[] state, double[] covariance) {
        this(state, covariance, 1.0, 0.0);
    }

    /** A snapshot without a strain gauge zero and without a sustained current. */
    public FilterState(double[] state, double[] covariance, double resistanceScale, double resistanceScaleVariance) {
        this(state, covariance, resistanceScale, resistanceScaleVariance, null, 0.0);
    }

    /** A snapshot taken before the model-error check's means were saved: they start again from nothing. */
    public FilterState(
            double[] state,
            double[] covariance,
            double resistanceScale,
            double resistanceScaleVariance,
            StrainZero strainZero,
            double sustainedCurrentA) {
        this(
                state,
                covariance,
                resistanceScale,
                resistanceScaleVariance,
                strainZero,
                sustainedCurrentA,
                ModelErrorCheck.NONE);
    }

    static final int SIZE = 6;

    public FilterState {
        if (state == null || state.length != SIZE || covariance == null || covariance.length != SIZE * SIZE) {
            throw new IllegalArgumentException(
                    "a filter state has " + SIZE + " values and a " + SIZE + "x" + SIZE + " covariance");
        }
        // The checks build their messages only when they fail: the twin takes a snapshot per cell per record.
        for (double v : state) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("state values must be finite: " + Arrays.toString(state));
            }
        }
        if (!(state[5] > 0)) {
            throw new IllegalArgumentException("the inverse capacity must be positive, got " + state[5]);
        }
        if (!(resistanceScale > 0 && Double.isFinite(resistanceScale))) {
            throw new IllegalArgumentException(
                    "the resistance scale must be a positive number, got " + resistanceScale);
        }
        if (!(resistanceScaleVariance >= 0 && Double.isFinite(resistanceScaleVariance))) {
            throw new IllegalArgumentException(
                    "the resistance scale variance must be a number >= 0, got " + resistanceScaleVariance);
        }
        if (!Double.isFinite(sustainedCurrentA)) {
            throw new IllegalArgumentException("the sustained current must be finite, got " + sustainedCurrentA);
        }
        if (modelErrorCheck == null) {
            modelErrorCheck = ModelErrorCheck.NONE;
        }
        for (int r = 0; r < SIZE; r++) {
            if (!(covariance[r * SIZE + r] >= 0)) {
                throw new IllegalArgumentException("covariance diagonal must be >= 0 at " + r);
            }
            for (int c = 0; c < SIZE; c++) {
                double a = covariance[r * SIZE + c];
                double b = covariance[c * SIZE + r];
                if (!Double.isFinite(a)) {
                    throw new IllegalArgumentException("covariance values must be finite");
                }
                // Rounding in the Joseph update leaves P asymmetric by ~1e-16 of the diagonal's scale, which
                // for an entry near zero is many times the entry itself: measure it against sqrt(P_rr P_cc).
                double scale = Math.sqrt(Math.abs(covariance[r * SIZE + r] * covariance[c * SIZE + c]));
                if (!(Math.abs(a - b) <= 1e-9 * (scale + Math.abs(a) + Math.abs(b)) + 1e-300)) {
                    throw new IllegalArgumentException("covariance must be symmetric, but [" + r + "][" + c
                            + "] differs from [" + c + "][" + r + "]");
                }
            }
        }
        state = state.clone();
        covariance = covariance.clone();
    }

    @Override
    public double[] state() {
        return state.clone();
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
