package org.healbms.core.pack;

import java.util.Arrays;

/**
 * What the state of power knows of each cell beyond the model: its measured terminal voltage and the
 * ohmic resistance the estimator has learned relative to the cell file's. NaN where not known.
 *
 * <p>The arrays are the caller's, not copied: the firmware keeps one of these over arrays it rewrites
 * at every tick, and the state of power reads them only while it updates.
 *
 * @param voltagesV         each cell's measured voltage, V (NaN: no usable reading)
 * @param resistanceScales each cell's learned R0 over the file's (NaN: not learned)
 */
public record MeasuredCells(double[] voltagesV, double[] resistanceScales) {

    /** Nothing measured: the model alone sets the limits. */
    public static final MeasuredCells NONE = new MeasuredCells(new double[0], new double[0]);

    double voltageV(int cell) {
        return cell < voltagesV.length ? voltagesV[cell] : Double.NaN;
    }

    double resistanceScale(int cell) {
        return cell < resistanceScales.length ? resistanceScales[cell] : Double.NaN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeasuredCells m
                && Arrays.equals(voltagesV, m.voltagesV)
                && Arrays.equals(resistanceScales, m.resistanceScales);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(voltagesV) + Arrays.hashCode(resistanceScales);
    }

    @Override
    public String toString() {
        return "MeasuredCells" + Arrays.toString(voltagesV) + Arrays.toString(resistanceScales);
    }
}
