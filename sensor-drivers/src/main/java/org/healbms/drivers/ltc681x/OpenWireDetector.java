package org.healbms.drivers.ltc681x;

import java.util.ArrayList;
import java.util.List;

/**
 * The datasheet's open-wire rule (fact sheet section 1, "Faults"; the Linduino version is buggy
 * [L3], so this follows the datasheet): with PU the cells read after ADOW PUP = 1 and PD after
 * PUP = 0, and N cells,
 * <ul>
 *   <li>PU(n+1) - PD(n+1) &lt; -400 mV means C(n) is open, for n = 1..N-1;</li>
 *   <li>PU(1) = 0 means C0 is open;</li>
 *   <li>PD(N) = 0 means C(N) is open.</li>
 * </ul>
 * Why: a floating C(n) is dragged by the 100 uA currents towards C(n+1) on pull-up (cell n+1 reads
 * about 0) and towards C(n-1) on pull-down (cell n+1 reads cells n and n+1 together).
 */
public final class OpenWireDetector {

    static final int THRESHOLD_CODES = -4_000;

    private OpenWireDetector() {}

    public static OpenWireResult evaluate(CellVoltages pullUp, CellVoltages pullDown) {
        int[] pu = pullUp.codes();
        int[] pd = pullDown.codes();
        int cells = pu.length;
        List<Integer> open = new ArrayList<>();
        List<Integer> unchecked = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            if (pu[i] == CellVoltages.NO_DATA || pd[i] == CellVoltages.NO_DATA) {
                unchecked.add(i + 1);
            }
        }
        if (!unchecked.contains(1) && pu[0] == 0) {
            open.add(0);
        }
        for (int n = 1; n < cells; n++) {
            // cell n+1 sits at index n
            if (!unchecked.contains(n + 1) && pu[n] - pd[n] < THRESHOLD_CODES) {
                open.add(n);
            }
        }
        if (!unchecked.contains(cells) && pd[cells - 1] == 0) {
            open.add(cells);
        }
        return new OpenWireResult(pullUp.ic(), open, unchecked);
    }
}
