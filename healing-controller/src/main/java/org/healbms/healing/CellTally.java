package org.healbms.healing;

import java.util.Arrays;

/**
 * A running figure for each cell (doses of agent used, cycles since a dose), by cell number, 0 for a cell
 * not seen yet; grown as cells appear. An array, not a map keyed by cell: read for every cell at every
 * rule evaluation, it boxes nothing. A negative cell number is never counted and reads 0.
 */
final class CellTally {

    private double[] values = new double[0];

    /** The cell's figure; 0 for a cell not seen. */
    double of(int cell) {
        return cell >= 0 && cell < values.length ? values[cell] : 0;
    }

    void set(int cell, double value) {
        if (cell >= 0) {
            grow(cell);
            values[cell] = value;
        }
    }

    void add(int cell, double amount) {
        if (cell >= 0) {
            grow(cell);
            values[cell] += amount;
        }
    }

    /** Forgets every cell. */
    void clear() {
        values = new double[0];
    }

    private void grow(int cell) {
        if (cell >= values.length) {
            values = Arrays.copyOf(values, Math.max(cell + 1, 2 * values.length));
        }
    }
}
