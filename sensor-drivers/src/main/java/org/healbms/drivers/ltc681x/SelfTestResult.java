package org.healbms.drivers.ltc681x;

import java.util.List;

/**
 * Result of the CVST digital-filter/register self test of one IC: the cells (1-based) whose register
 * did not read the expected pattern in either pass. A failed IC is a reading, not an exception.
 */
public record SelfTestResult(int ic, List<Integer> failedCells) {

    public SelfTestResult {
        failedCells = List.copyOf(failedCells);
    }

    public boolean passed() {
        return failedCells.isEmpty();
    }
}
