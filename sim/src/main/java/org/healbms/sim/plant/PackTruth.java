package org.healbms.sim.plant;

import org.healbms.sim.plant.ageing.ContactLoss;

/**
 * The plant's true state at a moment, what a firmware's estimates and verdicts are scored against.
 *
 * @param soc              each cell's state of charge
 * @param capacityAh       each cell's capacity, Ah
 * @param resistanceScale  each cell's ohmic resistance relative to the cell file's
 * @param healableDamage   each cell's contact loss a dose could still heal (fraction of particles)
 * @param damage           each cell's contact loss, healable and set
 * @param doses            healing doses each cell has had
 */
public record PackTruth(
        double[] soc,
        double[] capacityAh,
        double[] resistanceScale,
        double[] healableDamage,
        double[] damage,
        int[] doses) {

    public static PackTruth of(AgeingPack pack) {
        int n = pack.cells();
        PackTruth t =
                new PackTruth(new double[n], new double[n], new double[n], new double[n], new double[n], new int[n]);
        for (int k = 0; k < n; k++) {
            AgeingCell c = pack.cell(k + 1);
            ContactLoss contact = c.ageing().contact();
            t.soc[k] = c.soc();
            t.capacityAh[k] = c.capacityAh();
            t.resistanceScale[k] = c.resistanceScale();
            t.healableDamage[k] = contact.healableDamage();
            t.damage[k] = contact.damage();
            t.doses[k] = contact.doses();
        }
        return t;
    }

    /** A series string delivers what its weakest cell holds, Ah. */
    public double packCapacityAh() {
        double min = Double.POSITIVE_INFINITY;
        for (double q : capacityAh) {
            min = Math.min(min, q);
        }
        return min;
    }

    /** The string's ohmic resistance relative to the cell file's: the mean of its cells'. */
    public double packResistanceScale() {
        double sum = 0;
        for (double r : resistanceScale) {
            sum += r;
        }
        return sum / resistanceScale.length;
    }
}
