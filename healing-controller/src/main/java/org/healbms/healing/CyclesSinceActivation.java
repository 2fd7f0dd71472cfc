package org.healbms.healing;

import java.util.List;
import org.healbms.core.life.LifeStory;
import org.healbms.core.signature.CellObservation;

/**
 * Each cell's charge throughput since its last completed thermal activation, in equivalent full cycles
 * of the rated capacity (charge in and out over twice the rating), for the rules'
 * {@code cycles_since_activation}. Cycling is what cracks particles and binder, and a self-healing
 * binder's damage cannot be seen until it has set, so a maintenance dose is scheduled by the throughput
 * that causes the damage, as a binder's activation schedule would be written.
 *
 * <p>Integrated as the life story integrates the pack's throughput: the tick's current over the time
 * since the previous tick, and an interval longer than {@link LifeStory#MAX_STEP_S} (a leap over a rest,
 * a loop that stalled) is not counted, since nothing measured the current over it. A cell never dosed
 * counts from the firmware's start; a restart starts the count afresh (it waits longer, never shorter).
 * A tally by cell number: an update allocates nothing.
 */
final class CyclesSinceActivation {

    private final double ratedCapacityAh;
    private final CellTally cycles = new CellTally();
    private long lastNanos = Long.MIN_VALUE;

    /** @param ratedCapacityAh the cell file's capacity: a cycle of the new cell, as a binder's schedule counts */
    CyclesSinceActivation(double ratedCapacityAh) {
        this.ratedCapacityAh = ratedCapacityAh;
    }

    /** Adds what went through each cell since the previous tick (each cell's measured current). */
    void update(List<CellObservation> cells, long nowNanos) {
        double dtS = lastNanos == Long.MIN_VALUE ? 0 : (nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        if (!(dtS > 0 && dtS <= LifeStory.MAX_STEP_S)) {
            return;
        }
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            double currentA = c.currentA();
            if (Double.isFinite(currentA)) {
                cycles.add(c.cell(), Math.abs(currentA) * dtS / 3600.0 / (2.0 * ratedCapacityAh));
            }
        }
    }

    /** A thermal activation of the cell has run to its end: its count starts again. */
    void activated(int cell) {
        cycles.set(cell, 0);
    }

    /** Equivalent full cycles since the cell's last activation (0 before any current was measured). */
    double of(int cell) {
        return cycles.of(cell);
    }
}
