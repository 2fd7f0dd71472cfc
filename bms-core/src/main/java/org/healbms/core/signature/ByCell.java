package org.healbms.core.signature;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A detector's state for each cell, by cell number (0: the pack), made when the cell is first seen.
 * An array rather than a map keyed by cell: a lookup every tick for every cell boxes nothing.
 */
final class ByCell<T> {

    private final IntFunction<T> make;
    private Object[] cells = new Object[0];

    ByCell(IntFunction<T> make) {
        this.make = make;
    }

    @SuppressWarnings("unchecked")
    T of(int cell) {
        if (cell >= cells.length) {
            cells = Arrays.copyOf(cells, Math.max(cell + 1, 2 * cells.length));
        }
        Object state = cells[cell];
        if (state == null) {
            state = make.apply(cell);
            cells[cell] = state;
        }
        return (T) state;
    }
}
