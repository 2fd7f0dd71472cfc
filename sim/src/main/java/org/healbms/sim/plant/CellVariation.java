package org.healbms.sim.plant;

import java.util.Random;
import org.healbms.sim.plant.ageing.AgeingRates;

/**
 * How one cell of a batch differs from the cell file: its capacity, its resistance and how fast it ages.
 * Drawn from a seed, so a pack is not 16 copies and the same seed gives the same pack. Spreads (1σ):
 * capacity {@value #CAPACITY_SIGMA}, resistance {@value #RESISTANCE_SIGMA} (the order Rumpf, Naumann and
 * Jossen, J. Energy Storage 14 (2017) 224, measured over 600+ new 18650 cells of one type), ageing rates
 * {@value #AGEING_SIGMA} each (Baumhöfer et al., J. Power Sources 247 (2014) 332: ageing spreads much
 * wider than the new cells did). Each draw is cut at 3σ: a cell far outside would have failed incoming
 * inspection.
 */
public record CellVariation(double capacityScale, double resistanceScale, AgeingRates rates) {

    static final double CAPACITY_SIGMA = 0.006;
    static final double RESISTANCE_SIGMA = 0.015;
    static final double AGEING_SIGMA = 0.10;

    public static final CellVariation NOMINAL = new CellVariation(1.0, 1.0, AgeingRates.NOMINAL);

    public CellVariation {
        if (!(capacityScale > 0) || !(resistanceScale > 0) || rates == null) {
            throw new IllegalArgumentException(
                    "a cell's capacity and resistance scales must be > 0 and its rates given");
        }
    }

    /** One cell's variation drawn from a generator (each call draws the next cell). */
    public static CellVariation draw(Random random) {
        return new CellVariation(
                scale(random, CAPACITY_SIGMA),
                scale(random, RESISTANCE_SIGMA),
                new AgeingRates(
                        scale(random, AGEING_SIGMA),
                        scale(random, AGEING_SIGMA),
                        scale(random, AGEING_SIGMA),
                        scale(random, AGEING_SIGMA),
                        scale(random, AGEING_SIGMA)));
    }

    /** A pack's cells drawn from one seed. */
    public static CellVariation[] batch(long seed, int cells) {
        Random random = new Random(seed);
        CellVariation[] batch = new CellVariation[cells];
        for (int k = 0; k < cells; k++) {
            batch[k] = draw(random);
        }
        return batch;
    }

    private static double scale(Random random, double sigma) {
        return 1.0 + sigma * Math.clamp(random.nextGaussian(), -3.0, 3.0);
    }
}
