package org.healbms.twin.pack;

import java.util.Objects;
import org.healbms.core.cell.CellParameters;

/**
 * What the twin must know of a pack before its first record: its cells' model, how many series cells
 * it has, and where its SoC estimate starts.
 *
 * @param socGuess the start SoC of a pack the twin has never seen (its state is kept from then on)
 */
public record PackModel(CellParameters cell, int cells, double socGuess) {

    public PackModel {
        Objects.requireNonNull(cell, "cell");
        if (cells < 1) {
            throw new IllegalArgumentException("a pack has at least one cell, got " + cells);
        }
        if (!(socGuess >= 0 && socGuess <= 1)) {
            throw new IllegalArgumentException("the start SoC guess must be from 0 to 1, got " + socGuess);
        }
    }
}
