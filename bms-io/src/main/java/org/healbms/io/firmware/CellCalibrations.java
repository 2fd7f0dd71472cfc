package org.healbms.io.firmware;

import java.util.Map;
import java.util.TreeMap;

/**
 * Calibrations the firmware was given for its cells, one for every cell or one per cell: a strain
 * gauge's belongs to that gauge and its bonding, a thermal model to the cell's place in the pack
 * (an edge cell cools better than one in the middle). A cell with none goes without.
 *
 * @param key       the configuration key they came from, for messages
 * @param everyCell the calibration of every cell not named in {@code byCell}; null = none
 * @param byCell    calibrations by cell number (1-based)
 */
public record CellCalibrations<T>(String key, T everyCell, Map<Integer, T> byCell) {

    public CellCalibrations {
        byCell = Map.copyOf(byCell);
    }

    /** The calibration of cell {@code cell} (1-based), or null. */
    public T forCell(int cell) {
        return byCell.getOrDefault(cell, everyCell);
    }

    /** Refuses calibrations of cells the board does not have. */
    public void requireCellsUpTo(int cells) {
        for (int cell : new TreeMap<>(byCell).keySet()) {
            if (cell > cells) {
                throw new IllegalArgumentException(
                        key + " names cell " + cell + ", but the board has " + cells + " cells");
            }
        }
    }
}
