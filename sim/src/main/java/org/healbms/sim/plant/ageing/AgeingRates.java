package org.healbms.sim.plant.ageing;

/**
 * One cell's multipliers on the mechanisms' rates (1 for the sources' cells): cells from one batch
 * age at different speeds (Baumhöfer et al., J. Power Sources 247 (2014) 332: the spread of the ageing
 * trend across 48 cells of one type grew well beyond their initial spread).
 */
public record AgeingRates(double sei, double cycleSei, double plating, double activeMaterial, double cracking) {

    public static final AgeingRates NOMINAL = new AgeingRates(1, 1, 1, 1, 1);

    public AgeingRates {
        for (double r : new double[] {sei, cycleSei, plating, activeMaterial, cracking}) {
            if (!(r >= 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("ageing rate multipliers must be >= 0 and finite, got " + r);
            }
        }
    }
}
