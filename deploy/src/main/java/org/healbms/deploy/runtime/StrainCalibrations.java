package org.healbms.deploy.runtime;

import java.util.Map;
import java.util.TreeMap;
import org.healbms.core.cell.StrainResponse;

/**
 * The strain-gauge calibrations the firmware was given: one for every cell, or one per cell (a
 * calibration belongs to a gauge and its bonding, so a pack with its gauges calibrated one by one
 * names a file per cell). A cell with none has no strain in its estimate.
 *
 * @param everyCell the calibration of every cell not named in {@code byCell}; null = none
 * @param byCell    calibrations by cell number (1-based)
 */
public record StrainCalibrations(StrainResponse everyCell, Map<Integer, StrainResponse> byCell) {

    public StrainCalibrations {
        byCell = Map.copyOf(byCell);
    }

    public static StrainCalibrations forEveryCell(StrainResponse calibration) {
        return new StrainCalibrations(calibration, Map.of());
    }

    /** The calibration of cell {@code cell} (1-based), or null. */
    public StrainResponse forCell(int cell) {
        return byCell.getOrDefault(cell, everyCell);
    }

    /** Refuses calibrations of cells the board does not have. */
    public void requireCellsUpTo(int cells) {
        for (int cell : new TreeMap<>(byCell).keySet()) {
            if (cell > cells) {
                throw new IllegalArgumentException("strain_calibration names cell " + cell + ", but the board has "
                        + cells + " cells");
            }
        }
    }
}
