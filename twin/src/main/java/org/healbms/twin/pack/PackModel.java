package org.healbms.twin.pack;

import java.util.Objects;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.RestCurrent;
import org.healbms.core.life.LifeStoryLimits;

/**
 * What the twin must know of a pack before its first record: its cells' model, how many series cells
 * it has, where its SoC estimate starts, and the thresholds its life story counts with (the pack's
 * firmware configuration's, so the twin's story counts what the controller's does).
 *
 * @param socGuess   the start SoC of a pack the twin has never seen (its state is kept from then on)
 * @param lifeLimits extreme temperatures, deep-discharge and overcharge voltages of the life story
 */
public record PackModel(CellParameters cell, int cells, double socGuess, LifeStoryLimits lifeLimits) {

    public PackModel {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(lifeLimits, "lifeLimits");
        if (cells < 1) {
            throw new IllegalArgumentException("a pack has at least one cell, got " + cells);
        }
        if (!(socGuess >= 0 && socGuess <= 1)) {
            throw new IllegalArgumentException("the start SoC guess must be from 0 to 1, got " + socGuess);
        }
    }

    /** Below this current (A, either way) the pack neither charges nor discharges, as on the controller. */
    public double restCurrentA() {
        return RestCurrent.of(cell.capacityAh());
    }
}
