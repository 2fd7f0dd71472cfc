package org.healbms.drivers.ltc681x;

import java.util.ArrayList;
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

    /**
     * This check's finding, confirmed by a second check of the same IC: an input stays open if
     * {@code again} finds it open too, or could not judge it (the cell that decides it read no data
     * there), so only a judgement of "connected" clears it. Unchecked cells are this check's.
     *
     * @param cells the IC's cell count (input C(n) is judged on cell n + 1, C0 on cell 1, the top on the top cell)
     */
    public OpenWireResult confirmedBy(OpenWireResult again, int cells) {
        List<Integer> confirmed = new ArrayList<>();
        for (int input : openInputs) {
            if (again.isOpen(input) || again.uncheckedCells.contains(Math.min(input + 1, cells))) {
                confirmed.add(input);
            }
        }
        return new OpenWireResult(ic, confirmed, uncheckedCells);
    }

    /** Every input judged and none open. */
    public boolean allConnected() {
        return openInputs.isEmpty() && uncheckedCells.isEmpty();
    }
}
