package org.healbms.core.estimation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SyntheticCells;
import org.junit.jupiter.api.Test;

class StartReadingTest {

    private static final double T = 25.0;

    /**
     * A reading that says nothing (a loaded start, its model error inflated for its correlation) leaves
     * SoC at the guess: the cut to the OCV table's SoC range keeps the guess as the prior's mean (the
     * plain cut Gaussian 0.7 ± 0.3 on [0, 1] has its mean at 0.65, and the start moved there).
     */
    @Test
    void aReadingThatSaysNothingLeavesTheGuess() {
        CellParameters p = SyntheticCells.nca(0.005);
        StartReading reading = new StartReading(p);
        double hysteresisVariance = p.hysteresisV() * p.hysteresisV();
        for (double guess : new double[] {0.2, 0.5, 0.7, 0.9}) {
            double residual = p.ocvV().value(guess, T);
            assertThat(reading.read(
                            guess, 0.09, 0, hysteresisVariance, p.hysteresisV(), residual, 1e-4, 1e-4, 1e-4, 1e4, T))
                    .isTrue();
            assertThat(reading.meanShift()).as("guess %s", guess).isCloseTo(0.0, within(0.002));
            // The cut keeps its variance below the uncut prior's: the table's ends are still known.
            assertThat(reading.shiftVariance()).isLessThan(0.09);
        }
    }

    /** A reading that says much still reads SoC where the voltage puts it, not near the guess. */
    @Test
    void aReadingThatSaysMuchReadsTheVoltage() {
        CellParameters p = SyntheticCells.nca(0.005);
        StartReading reading = new StartReading(p);
        double hysteresisVariance = p.hysteresisV() * p.hysteresisV();
        double truth = 0.35;
        double residual = p.ocvV().value(truth, T);
        assertThat(reading.read(0.7, 0.09, 0, hysteresisVariance, p.hysteresisV(), residual, 1e-6, 1e-6, 1e-6, 1e-6, T))
                .isTrue();
        double sigma = Math.sqrt(reading.shiftVariance());
        assertThat(0.7 + reading.meanShift()).isCloseTo(truth, within(Math.max(3 * sigma, 0.01)));
        assertThat(sigma).isLessThan(0.05);
    }
}
