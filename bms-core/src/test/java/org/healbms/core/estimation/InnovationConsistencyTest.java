package org.healbms.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The check on whether the voltage error is one the noise model allows: silent on errors of the size
 * the filter was told of, and for a lasting error beyond them, adding just enough model error that it
 * sits at the gate.
 */
class InnovationConsistencyTest {

    private static final double DT_S = 0.1;
    private static final double CORRELATION_S = 30.0;
    /** H P Hᵀ and the white-equivalent R of the synthetic filter: 10 mV and 5 mV, V². */
    private static final double STATE_VARIANCE = 0.010 * 0.010;

    private static final double WHITE_VARIANCE = 0.005 * 0.005;
    private static final double BIAS_VARIANCE = 0.008 * 0.008;

    /**
     * Innovations as the filter expects them: white noise that, weighed for its correlation, has the
     * white-equivalent variance, on a slowly wandering state error of the state variance.
     */
    @Test
    void errorsOfTheToldSizeAddNothing() {
        InnovationConsistency check = new InnovationConsistency();
        Random random = new Random(3);
        double perSampleSigma = Math.sqrt(WHITE_VARIANCE * CORRELATION_S / DT_S);
        double slow = 0;
        double slowDecay = Math.exp(-DT_S / 300.0);
        long added = 0;
        int samples = 200_000;
        for (int k = 0; k < samples; k++) {
            slow = slowDecay * slow + Math.sqrt(STATE_VARIANCE * (1 - slowDecay * slowDecay)) * random.nextGaussian();
            double innovation = slow + perSampleSigma * random.nextGaussian();
            if (check.extraVariance(innovation, 0.0, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S)
                    > 0) {
                added++;
            }
        }
        assertThat((double) added / samples)
                .as("share of samples with model error added")
                .isLessThan(0.01);
    }

    /**
     * A lasting 200 mV error: silent while its running mean is within the gate, then the whole error
     * becomes noise, one sigma of it.
     */
    @Test
    void aLastingErrorBeyondTheGateBecomesNoise() {
        InnovationConsistency check = new InnovationConsistency();
        double spreadTold = BIAS_VARIANCE + STATE_VARIANCE + WHITE_VARIANCE;
        double firstExtra =
                check.extraVariance(0.2, 0.0, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S);
        assertThat(firstExtra)
                .as("one sample moves the mean by dt / correlation only")
                .isZero();
        double extra = 0;
        for (int k = 0; k < (int) (10 * CORRELATION_S / DT_S); k++) {
            extra = check.extraVariance(0.2, 0.0, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S);
        }
        assertThat(0.2 / Math.sqrt(spreadTold)).isGreaterThan(InnovationConsistency.GATE_SIGMAS);
        assertThat(0.2 / Math.sqrt(spreadTold + extra)).isCloseTo(1.0, within(0.01));
    }

    /**
     * A model error that set in gradually sits in the bias state, not in the innovation: a bias far
     * beyond its identified spread is caught as well, and one within it is not.
     */
    @Test
    void aBiasFarBeyondItsSpreadIsModelError() {
        InnovationConsistency beyond = new InnovationConsistency();
        InnovationConsistency inside = new InnovationConsistency();
        double extraBeyond = 0;
        double extraInside = 0;
        for (int k = 0; k < (int) (3 * CORRELATION_S / DT_S); k++) {
            extraBeyond = beyond.extraVariance(
                    0.0, -0.15, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S);
            extraInside = inside.extraVariance(
                    0.0, -0.015, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S);
        }
        assertThat(extraInside).isZero();
        assertThat(extraBeyond).isGreaterThan(0.15 * 0.15 - BIAS_VARIANCE - STATE_VARIANCE - WHITE_VARIANCE);
    }

    /**
     * The capacity's share of the evidence: all of it while the slow error is within one sigma of its
     * spread, 1/z² at z sigmas, and all of it again after a reset.
     */
    @Test
    void theCapacityTakesTheEvidenceAsFarAsTheErrorIsWithinItsSpread() {
        InnovationConsistency check = new InnovationConsistency();
        double bias = Math.sqrt(BIAS_VARIANCE);
        for (int k = 0; k < (int) (10 * CORRELATION_S / DT_S); k++) {
            check.extraVariance(0.0, 0.5 * bias, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S);
        }
        assertThat(check.capacityEvidenceWeight()).isEqualTo(1.0);
        for (int k = 0; k < (int) (10 * CORRELATION_S / DT_S); k++) {
            check.extraVariance(0.0, 0.1, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S);
        }
        // The running mean variance has settled to the state's and the white noise's.
        double spread = BIAS_VARIANCE + STATE_VARIANCE + WHITE_VARIANCE;
        assertThat(check.capacityEvidenceWeight()).isCloseTo(spread / (0.1 * 0.1), within(1e-6));
        check.reset();
        assertThat(check.capacityEvidenceWeight()).isEqualTo(1.0);
    }

    /** After a reset the mean starts again: a wrong start guess is the prior's to correct, not model error. */
    @Test
    void aResetForgetsTheMean() {
        InnovationConsistency check = new InnovationConsistency();
        for (int k = 0; k < (int) (10 * CORRELATION_S / DT_S); k++) {
            check.extraVariance(0.2, 0.0, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S);
        }
        check.reset();
        assertThat(check.extraVariance(0.2, 0.0, BIAS_VARIANCE, STATE_VARIANCE, WHITE_VARIANCE, DT_S, CORRELATION_S))
                .isZero();
    }
}
