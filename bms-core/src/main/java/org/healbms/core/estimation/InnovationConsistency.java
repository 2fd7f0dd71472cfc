package org.healbms.core.estimation;

/**
 * Whether the voltage error the filter sees now is one its noise model allows, and if not, how much
 * model error to add so that it is.
 *
 * <p>The filter weighs each sample as {@code dt / correlation} of an independent reading, so what its
 * noise figures promise is about the innovation's mean over a correlation time: that mean should
 * spread as {@code H P Hᵀ + R_white} (the state's uncertainty seen as voltage, plus the white-equivalent
 * measurement noise). A mean innovation many times beyond that spread, lasting a correlation time, is
 * neither a SoC error the prior allows nor noise the identification saw: the model has left the
 * region where it was identified. The case in point is the end-of-discharge collapse in the cold: the
 * cell becomes diffusion-limited, its voltage falls hundreds of millivolts below what an equivalent
 * circuit predicts, and a filter that trusts its model reads that as SoC (Panasonic 0 degC Cycle 1:
 * 3.3 % below the truth under a 2.25 % bound). Such a reading says little about SoC, so the excess
 * becomes measurement noise ({@link #extraVariance}); the SoC then follows the charge count, whose
 * bound the filter already carries, until the voltage agrees with the model again.
 *
 * <p>The mean starts afresh on every filter reset, so a wrong start guess (a large innovation against
 * a wide prior) is corrected before the mean builds up, and it is tested against the prior's own
 * spread, which is wide then.
 *
 * <p>The same comparison weighs what the voltage may teach the capacity ({@link #capacityEvidenceWeight}).
 */
final class InnovationConsistency {

    /** A mean innovation beyond this many of its predicted sigmas is model error. */
    static final double GATE_SIGMAS = 3.0;

    private double meanInnovationV;
    private double meanVarianceV2;
    private double capacityEvidenceWeight = 1.0;

    /** Forgets the running means (after a filter reset). */
    void reset() {
        meanInnovationV = 0;
        meanVarianceV2 = 0;
        capacityEvidenceWeight = 1.0;
    }

    /** The running means, to save with the filter. */
    FilterState.ModelErrorCheck saved() {
        return new FilterState.ModelErrorCheck(meanInnovationV, meanVarianceV2);
    }

    /** Continues from saved means. */
    void restore(FilterState.ModelErrorCheck saved) {
        meanInnovationV = saved.meanInnovationV();
        meanVarianceV2 = saved.meanInnovationVarianceV2();
    }

    /**
     * Takes one innovation and returns the white-equivalent variance (V²) to add to the measurement
     * noise: 0 while the model error the filter sees is within the gate, and beyond it so much that
     * the error is one sigma of the noise. Beyond the gate the model is outside what it was identified
     * on, and what it gets wrong there is as large as the error it shows; raising the noise only as far
     * as the gate would leave a 3σ correction towards the model on every correlation time, and a lasting
     * error would still drag SoC after it (a synthetic diffusion-limited collapse: 5.8 % below the truth
     * with the gate, 2.1 % with the whole error as noise).
     * That error is the running mean innovation plus the bias the filter already holds: a model error
     * that sets in gradually is taken up by the bias state step by step and never shows as a large
     * innovation, but the bias then grows far beyond the slow error's identified spread.
     *
     * @param innovationV        the measured voltage less the predicted, V
     * @param biasV              the bias state's estimate before this reading, V
     * @param biasVarianceV2     the bias's stationary variance (the slow model error identified here), V²
     * @param stateVarianceV2    H P Hᵀ, the state's uncertainty seen as voltage, V²
     * @param whiteVarianceV2    the measurement noise as one independent reading per correlation time, V²
     * @param dtS                the step
     * @param correlationS       the voltage error's correlation time (at least the step)
     */
    double extraVariance(
            double innovationV,
            double biasV,
            double biasVarianceV2,
            double stateVarianceV2,
            double whiteVarianceV2,
            double dtS,
            double correlationS) {
        double weight = correlationS > dtS ? dtS / correlationS : 1.0;
        meanInnovationV += weight * (innovationV - meanInnovationV);
        meanVarianceV2 += weight * (stateVarianceV2 + whiteVarianceV2 - meanVarianceV2);
        double spread = biasVarianceV2 + meanVarianceV2;
        double error = biasV + meanInnovationV;
        double seen = error * error;
        capacityEvidenceWeight = seen > spread ? spread / seen : 1.0;
        return seen > GATE_SIGMAS * GATE_SIGMAS * spread ? seen - spread : 0.0;
    }

    /**
     * The share of the last reading's evidence the capacity may take: 1 while the model's slow voltage
     * error (the running mean innovation plus the bias) is within one sigma of what identification found,
     * and 1/z² when it is z sigmas, as if the noise were as large as the error seen.
     *
     * <p>Why the capacity and not SoC: capacity is learned from a voltage error that builds up with the
     * charge passed, and a model error that changes with SoC does the same (the OCV table's or the slow
     * polarisation's error across a discharge). SoC is re-anchored by every later reading and pays for a
     * wrong stretch only while it lasts; the capacity keeps what it learned for the rest of the cell's
     * life. So SoC treats an error as model error only past the {@value #GATE_SIGMAS} sigma gate, while
     * the capacity discounts the voltage as soon as the model explains it worse than it was identified
     * to. Panasonic NCR18650PF, one drive cycle from a 2.9 Ah start (scripts/evaluate-soh.sh): 0 degC
     * US06 +7.2 % -> +0.5 %, 0 degC Cycle 1 -7.5 % -> -3.4 % (the end-of-discharge collapse),
     * -20 degC US06 +4.4 % -> -0.5 %; traces whose model error stays within its spread are unchanged.
     * Between resets the weight follows the last reading; after one it is 1.
     */
    double capacityEvidenceWeight() {
        return capacityEvidenceWeight;
    }
}
