package org.healbms.core.cell;

/**
 * Several tables read at one (SoC, temperature), as an estimator step reads its model: each distinct
 * grid among them is searched once and the point serves every table on it, with the figures each
 * table's own lookup gives. Tables identified together share their grid, so a step that reads four
 * of them searches once instead of four times. Mutable and owned by one reader; {@link #at} and
 * {@link #value} allocate nothing.
 */
public final class TablesAtPoint {

    private final SocTemperatureTable[] tables;
    /** Whether table k locates the point (it is the first on its grid); the others read its point. */
    private final boolean[] locates;

    private final GridPoint[] points;

    public TablesAtPoint(SocTemperatureTable... tables) {
        this.tables = tables.clone();
        this.locates = new boolean[tables.length];
        this.points = new GridPoint[tables.length];
        for (int k = 0; k < tables.length; k++) {
            int first = k;
            for (int j = 0; j < k; j++) {
                if (locates[j] && tables[j].sharesGridWith(tables[k])) {
                    first = j;
                    break;
                }
            }
            locates[k] = first == k;
            points[k] = first == k ? new GridPoint() : points[first];
        }
    }

    /** Moves to (soc, temperature): every distinct grid is searched here, once. */
    public void at(double socFraction, double tempDegC) {
        for (int k = 0; k < tables.length; k++) {
            if (locates[k]) {
                tables[k].locate(socFraction, tempDegC, points[k]);
            }
        }
    }

    /** Table k (in the constructor's order) at the point of the last {@link #at}. */
    public double value(int k) {
        return tables[k].value(points[k]);
    }
}
