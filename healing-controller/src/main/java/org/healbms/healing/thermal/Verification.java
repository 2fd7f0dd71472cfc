package org.healbms.healing.thermal;

/**
 * Scores a healing action by the metric its rule targeted, measured before and after (e.g. R0
 * scale, R_ct, capacity, strain): improved or worse when the change exceeds the noise both
 * measurements carry (a 2σ test), unchanged otherwise.
 */
public final class Verification {

    public enum Outcome {
        IMPROVED,
        UNCHANGED,
        WORSE
    }

    private Verification() {}

    /**
     * @param lowerIsBetter true for resistance and strain, false for capacity
     */
    public static Outcome score(
            double before, double beforeSigma, double after, double afterSigma, boolean lowerIsBetter) {
        return score(before, beforeSigma, after, afterSigma, lowerIsBetter, 0.0);
    }

    /**
     * The same, and a change under {@code leastChange} (in the metric's units) is none whatever the 1σ
     * say: the 1σ are each measurement's scatter, and two measurements taken days apart also differ by
     * what changed between them that is not the action (temperature, SoC, the model's error there),
     * which their scatter does not show.
     */
    public static Outcome score(
            double before,
            double beforeSigma,
            double after,
            double afterSigma,
            boolean lowerIsBetter,
            double leastChange) {
        double change = after - before;
        double noise = Math.max(2 * Math.hypot(beforeSigma, afterSigma), leastChange);
        // A side not measured (or without a 1σ) is no evidence of a change either way.
        if (!Double.isFinite(change) || !Double.isFinite(noise) || Math.abs(change) <= noise) {
            return Outcome.UNCHANGED;
        }
        boolean better = lowerIsBetter ? change < 0 : change > 0;
        return better ? Outcome.IMPROVED : Outcome.WORSE;
    }
}
