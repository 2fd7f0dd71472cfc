package org.healbms.core.cell;

/**
 * Where a (SoC, temperature) point falls on a {@link SocTemperatureTable}'s grid: the SoC segment, the
 * temperature row and their interpolation weights. An estimator step reads several tables at the same
 * point, and tables identified together share their grid; located once, the point serves each of them
 * ({@link SocTemperatureTable#value(GridPoint)}) with the same result as a lookup of its own. Mutable and
 * owned by one reader, so a step that reuses it allocates nothing.
 */
public final class GridPoint {

    int socIndex;
    double socWeight;
    int rowIndex;
    double rowWeight;
}
