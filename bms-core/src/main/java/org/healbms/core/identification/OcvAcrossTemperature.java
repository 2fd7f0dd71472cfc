package org.healbms.core.identification;

import java.util.List;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * The OCV centre line at every low-rate test's temperature over the whole SoC axis, from tests that
 * each cover only part of it.
 *
 * <p>SoC is one axis at every temperature (the warm test's capacity): a cold C/20 discharge reaches
 * the lower voltage limit before it has delivered that charge, because its overpotential is larger
 * and its OCV lower, so its curve covers SoC s_end..1 only. That is physics, not a bad test. Below
 * s_end the OCV at that temperature is continued from the nearest temperature whose curve covers it:
 * the neighbour's shape, shifted by the difference between the two where they meet. That holds the
 * entropic term dOCV/dT constant below the last SoC the cold test saw, the least a curve can assume
 * without data, and it keeps the curve rising wherever the neighbour does.
 *
 * <p>The last {@value #LIMIT_TAIL_SOC} of SoC before a test stopped at its voltage limit is left out:
 * there the discharge voltage falls steeply because the electrode surface empties (diffusion
 * limitation), and the charge that follows has not yet reversed its hysteresis and slow polarisation
 * (that takes a few per cent of SoC of throughput), so the mean of the two branches is polarisation,
 * not OCV, and would set the shift wrongly (by 10 mV on a synthetic cell with a 25 min RC pair).
 */
final class OcvAcrossTemperature {

    /** SoC span at the end of a test stopped by its voltage limit that is not taken as OCV. */
    static final double LIMIT_TAIL_SOC = 0.08;

    private OcvAcrossTemperature() {}

    /**
     * One complete row per curve, coldest first.
     *
     * @param curves  the low-rate curves on a common SoC grid, sorted by temperature
     * @param notes   where each row was continued and by how much it was shifted, for the user
     */
    static SocTemperatureTable centreTable(List<OcvCurve> curves, List<String> notes) throws IdentificationException {
        double[] grid = curves.getFirst().soc();
        int n = curves.size();
        double[][] rows = new double[n][];
        boolean[] complete = new boolean[n];
        double[] temps = new double[n];
        int completeCount = 0;
        for (int c = 0; c < n; c++) {
            OcvCurve curve = curves.get(c);
            rows[c] = curve.ocvV().clone();
            temps[c] = curve.temperatureDegC();
            complete[c] = curve.complete();
            completeCount += complete[c] ? 1 : 0;
        }
        if (completeCount == 0) {
            OcvCurve widest = curves.getFirst();
            for (OcvCurve c : curves) {
                if (grid[c.lastCovered()] - grid[c.firstCovered()]
                        > grid[widest.lastCovered()] - grid[widest.firstCovered()]) {
                    widest = c;
                }
            }
            throw new IdentificationException(String.format(
                    "no OCV test covers the whole SoC axis (%.4f Ah); the widest covers SoC %.3f to %.3f. Give a low-rate"
                            + " test that runs from full to the lower voltage limit at room temperature, or a smaller --capacity-ah",
                    widest.capacityAh(), grid[widest.firstCovered()], grid[widest.lastCovered()]));
        }
        // Fill the rows nearest in temperature to a complete one first, so each is continued from its
        // closest neighbour.
        while (completeCount < n) {
            int target = -1;
            int source = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < n; c++) {
                if (complete[c]) {
                    continue;
                }
                for (int r = 0; r < n; r++) {
                    if (complete[r] && Math.abs(temps[c] - temps[r]) < best) {
                        best = Math.abs(temps[c] - temps[r]);
                        target = c;
                        source = r;
                    }
                }
            }
            OcvCurve curve = curves.get(target);
            int lo = curve.firstCovered();
            int hi = curve.lastCovered();
            if (lo > 0) {
                int edge = lo;
                while (edge < hi && grid[edge] < grid[lo] + LIMIT_TAIL_SOC) {
                    edge++;
                }
                double shift = continueBelow(rows[target], rows[source], edge);
                notes.add(String.format(
                        "OCV at %.1f degC below SoC %.3f (where %s reached its voltage limit, less %.2f"
                                + " of polarised tail): the %.1f degC curve shifted by %+.1f mV",
                        temps[target], grid[edge], curve.name(), LIMIT_TAIL_SOC, temps[source], 1000 * shift));
            }
            if (hi < grid.length - 1) {
                double shift = continueAbove(rows[target], rows[source], hi);
                notes.add(String.format(
                        "OCV at %.1f degC above SoC %.3f (not covered by %s): the %.1f degC curve shifted by %+.1f mV",
                        temps[target], grid[hi], curve.name(), temps[source], 1000 * shift));
            }
            complete[target] = true;
            completeCount++;
        }
        return new SocTemperatureTable(grid, temps, rows);
    }

    /** Replaces row[0..edge) by the source's shape, shifted to meet row[edge]; returns the shift. */
    private static double continueBelow(double[] row, double[] source, int edge) {
        double shift = row[edge] - source[edge];
        for (int g = 0; g < edge; g++) {
            row[g] = source[g] + shift;
        }
        return shift;
    }

    /** Replaces row(edge..] by the source's shape, shifted to meet row[edge]; returns the shift. */
    private static double continueAbove(double[] row, double[] source, int edge) {
        double shift = row[edge] - source[edge];
        for (int g = edge + 1; g < row.length; g++) {
            row[g] = source[g] + shift;
        }
        return shift;
    }
}
