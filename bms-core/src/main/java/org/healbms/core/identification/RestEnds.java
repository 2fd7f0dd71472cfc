package org.healbms.core.identification;

import java.util.ArrayList;
import java.util.List;
import org.healbms.core.cell.CellParameters;

/**
 * The ends of the long rests in a dynamic test, and how far the model is from the measured voltage
 * there.
 *
 * <p>At the end of a rest of {@value #MIN_REST_S} s or more the current is zero and most of the
 * polarisation has decayed: the voltage is the OCV at that temperature plus the hysteresis and what
 * relaxation remains, both of which the model carries. So the model's error there is an error of its
 * OCV (or of its slow relaxation), not of its resistances; HPPC tests rest like this between every
 * pulse. A rest is one logged stretch: a gap in logging (an HPPC file leaves out its discharge steps)
 * ends it, because the unlogged charge moved the cell.
 */
final class RestEnds {

    /** A rest at least this long ends near the OCV, s (a 10 s pulse's fast polarisation is gone). */
    static final double MIN_REST_S = 600.0;
    /** A logging gap longer than this breaks a rest, s. */
    private static final double GAP_S = 10.0;

    private RestEnds() {}

    /** Sample index of the last sample of each rest of at least {@link #MIN_REST_S}. */
    static List<Integer> of(CellRecording test, double capacityAh) {
        double restCurrent = capacityAh / 100; // below C/100 the IR drop is a millivolt or two
        List<Integer> ends = new ArrayList<>();
        int start = -1;
        for (int k = 0; k < test.size(); k++) {
            double i = test.currentA()[k];
            boolean gap = k > 0 && test.timeS()[k] - test.timeS()[k - 1] > GAP_S;
            if (start >= 0 && (gap || !(Math.abs(i) < restCurrent) || !Double.isFinite(test.voltageV()[k]))) {
                if (test.timeS()[k - 1] - test.timeS()[start] >= MIN_REST_S) {
                    ends.add(k - 1);
                }
                start = -1;
            }
            if (start < 0 && Math.abs(i) < restCurrent && Double.isFinite(test.voltageV()[k])) {
                start = k;
            }
        }
        if (start >= 0 && test.timeS()[test.size() - 1] - test.timeS()[start] >= MIN_REST_S) {
            ends.add(test.size() - 1);
        }
        return ends;
    }

    /**
     * The model's voltage error at the rest ends of some tests.
     *
     * @param rmsV  RMS of measured − model, V (NaN without rest ends)
     * @param meanV mean of measured − model, V
     * @param count rest ends
     */
    record Error(double rmsV, double meanV, int count) {}

    static Error error(List<CellRecording> tests, CellParameters p) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (CellRecording test : tests) {
            double[] model = ModelFit.score(test, p).modelVoltageV();
            for (int k : of(test, p.capacityAh())) {
                double e = test.voltageV()[k] - model[k];
                if (Double.isFinite(e)) {
                    sum += e;
                    sumSq += e * e;
                    n++;
                }
            }
        }
        return n == 0 ? new Error(Double.NaN, Double.NaN, 0) : new Error(Math.sqrt(sumSq / n), sum / n, n);
    }
}
