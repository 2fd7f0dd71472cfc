package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
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

    /** The cell's state, or null for a cell not seen yet (nothing is made). */
    @SuppressWarnings("unchecked")
    T seen(int cell) {
        return cell < cells.length ? (T) cells[cell] : null;
    }

    /**
     * Every cell's state as a value, by cell number from 0 to the highest cell seen; a cell not seen
     * has a fresh state's value, so two detectors that behave alike give equal snapshots.
     */
    @SuppressWarnings("unchecked")
    <S> List<S> snapshot(Function<T, S> take) {
        int last = cells.length - 1;
        while (last >= 0 && cells[last] == null) {
            last--;
        }
        List<S> out = new ArrayList<>(last + 1);
        for (int cell = 0; cell <= last; cell++) {
            Object state = cells[cell];
            out.add(take.apply(state == null ? make.apply(cell) : (T) state));
        }
        return List.copyOf(out);
    }

    /** Forgets every cell, then makes each saved cell's state (by cell number) and gives it its value. */
    <S> void restore(List<S> saved, BiConsumer<T, S> give) {
        cells = new Object[saved.size()];
        for (int cell = 0; cell < saved.size(); cell++) {
            give.accept(of(cell), saved.get(cell));
        }
    }
}
