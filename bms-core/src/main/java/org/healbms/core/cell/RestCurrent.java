package org.healbms.core.cell;

/**
 * Where a cell rests: a current below C/50 either way. One threshold for the whole firmware (the rest the
 * pack estimator takes over a gap in sampling, the life story's time at rest, the stripping-plateau
 * detector's rests, the fleet twin's story): a rest in one place is a rest in all of them.
 */
public final class RestCurrent {

    /** The threshold as a fraction of the capacity per hour. */
    public static final double C_RATE = 1.0 / 50;

    private RestCurrent() {}

    /** The largest current, A either way, at which a cell of this capacity rests. */
    public static double of(double capacityAh) {
        return C_RATE * capacityAh;
    }
}
