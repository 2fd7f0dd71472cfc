package org.healbms.healing.rules;

import java.util.Arrays;

/**
 * What the rules see of every cell at one evaluation: a row of {@link SignalSlots#WIDTH} doubles
 * per cell, in one array that is rewritten in place at every evaluation (it grows only when the
 * pack has more cells than it has seen), so evaluating the rules builds nothing per cell.
 */
public final class SignalTable {

    private double[] values = new double[0];
    private int[] cells = new int[0];
    private int rows;

    /** Empties the table, keeping its arrays. */
    public void clear() {
        rows = 0;
    }

    /** Adds a row for a cell (numbered from 1), every signal unknown (NaN); returns the row. */
    public int add(int cell) {
        if (cell < 0) {
            throw new IllegalArgumentException("a cell is numbered from 1, got " + cell);
        }
        if (rows == cells.length) {
            int capacity = Math.max(4, 2 * rows);
            cells = Arrays.copyOf(cells, capacity);
            values = Arrays.copyOf(values, capacity * SignalSlots.WIDTH);
        }
        cells[rows] = cell;
        Arrays.fill(values, rows * SignalSlots.WIDTH, (rows + 1) * SignalSlots.WIDTH, Double.NaN);
        return rows++;
    }

    public void set(int row, int slot, double value) {
        values[offset(row) + slot] = value;
    }

    public double get(int row, int slot) {
        return values[offset(row) + slot];
    }

    public int rows() {
        return rows;
    }

    /** The number of the cell in a row. */
    public int cell(int row) {
        checkRow(row);
        return cells[row];
    }

    /** The row of a cell, or -1 when it has none. */
    public int rowOf(int cell) {
        for (int r = 0; r < rows; r++) {
            if (cells[r] == cell) {
                return r;
            }
        }
        return -1;
    }

    /** The backing array, for a compiled condition to read a row at {@link #offset}. */
    double[] values() {
        return values;
    }

    int offset(int row) {
        checkRow(row);
        return row * SignalSlots.WIDTH;
    }

    private void checkRow(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
    }
}
