package org.healbms.firmware.passport;

import org.healbms.core.life.LifeStoryLimits;

/**
 * What the pack was built to and what its story is measured against, as the firmware knows them
 * from its cell file and configuration: saved with the story, so an export from a state directory
 * needs nothing else.
 *
 * @param cells            cells in series
 * @param ratedCapacityAh  the cell file's capacity, Ah: the beginning-of-life capacity fade is measured from
 * @param minCellVoltageV  the configured cell limits, V
 * @param maxCellVoltageV
 * @param initialR0Ohm     the cell file's ohmic resistance at 50 % SoC and 25 °C, Ω: the resistance
 *                         scale 1 the estimator tracks the cell's against
 * @param limits           the life story's thresholds
 */
public record Ratings(
        int cells,
        double ratedCapacityAh,
        double minCellVoltageV,
        double maxCellVoltageV,
        double initialR0Ohm,
        LifeStoryLimits limits) {

    public Ratings {
        if (cells < 1
                || !(ratedCapacityAh > 0)
                || !(minCellVoltageV > 0)
                || !(maxCellVoltageV > minCellVoltageV)
                || !(initialR0Ohm > 0)
                || limits == null) {
            throw new IllegalArgumentException("ratings need cells >= 1, a capacity, voltage limits and R0 > 0");
        }
    }
}
