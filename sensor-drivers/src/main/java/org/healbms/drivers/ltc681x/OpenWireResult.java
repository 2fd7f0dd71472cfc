package org.healbms.drivers.ltc681x;

import java.util.List;

/**
 * Open-wire check of one IC: which cell inputs C0..C12 (LTC6813: C0..C18) are open. A fault found
 * here is a reading, not an exception: the other inputs of the IC still count.
 *
 * @param openInputs     input numbers n of the open C(n) pins, ascending
 * @param uncheckedCells cells (1-based) whose pull-up or pull-down conversion read no data, so the
 *                       inputs they bound could not be judged
 */
public record OpenWireResult(int ic, List<Integer> openInputs, List<Integer> uncheckedCells) {

    public OpenWireResult {
        openInputs = List.copyOf(openInputs);
        uncheckedCells = List.copyOf(uncheckedCells);
    }

    public boolean isOpen(int input) {
        return openInputs.contains(input);
    }

    /** Every input judged and none open. */
    public boolean allConnected() {
        return openInputs.isEmpty() && uncheckedCells.isEmpty();
    }
}
