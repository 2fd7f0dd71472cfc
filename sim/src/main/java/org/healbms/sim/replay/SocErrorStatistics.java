package org.healbms.sim.replay;

/**
 * Accumulates one estimator's SoC error against the reference, sample by sample, without keeping
 * the samples (a trace may have millions of rows).
 */
public final class SocErrorStatistics {

    private final double settlingS;
    private double sumSq;
    private double maxAbs;
    private long count;
    private double sumSqAfter;
    private double maxAbsAfter;
    private long countAfter;
    private long coveredAfter;
    private double sumSigma3After;

    /** @param settlingS time from the start of the trace after which the "after settling" figures count */
    public SocErrorStatistics(double settlingS) {
        this.settlingS = settlingS;
    }

    /**
     * @param elapsedS  time since the start of the trace, s
     * @param estimate  estimated SoC
     * @param sigma     the estimator's 1σ
     * @param reference reference SoC
     */
    public void add(double elapsedS, double estimate, double sigma, double reference) {
        double e = estimate - reference;
        if (!Double.isFinite(e)) {
            return;
        }
        double abs = Math.abs(e);
        sumSq += e * e;
        maxAbs = Math.max(maxAbs, abs);
        count++;
        if (elapsedS >= settlingS) {
            sumSqAfter += e * e;
            maxAbsAfter = Math.max(maxAbsAfter, abs);
            countAfter++;
            if (abs <= 3 * sigma) {
                coveredAfter++;
            }
            sumSigma3After += 3 * sigma;
        }
    }

    public SocErrorSummary summary() {
        return new SocErrorSummary(
                count == 0 ? Double.NaN : Math.sqrt(sumSq / count),
                count == 0 ? Double.NaN : maxAbs,
                countAfter == 0 ? Double.NaN : Math.sqrt(sumSqAfter / countAfter),
                countAfter == 0 ? Double.NaN : maxAbsAfter,
                countAfter == 0 ? Double.NaN : (double) coveredAfter / countAfter,
                countAfter == 0 ? Double.NaN : sumSigma3After / countAfter);
    }
}
