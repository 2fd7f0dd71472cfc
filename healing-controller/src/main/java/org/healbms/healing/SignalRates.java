package org.healbms.healing;

import java.util.Arrays;
import org.healbms.core.signature.CellObservation;
import org.healbms.healing.rules.CellSignals;
import org.healbms.healing.rules.SignalSlots;
import org.healbms.healing.rules.SignalTable;

/**
 * Rates of change of one cell's signals, per second, for the rules' {@code rate['...']}: each a
 * first-order filtered difference (time constant {@value #SMOOTHING_S} s), so sensor noise over one
 * tick does not read as a steep rate. Unknown until two samples have been seen. Kept in arrays in
 * the order of {@link CellSignals#RATE_NAMES}: an update allocates nothing.
 */
final class SignalRates {

    static final double SMOOTHING_S = 30.0;

    private static final int[] SLOTS =
            CellSignals.RATE_NAMES.stream().mapToInt(SignalSlots::rate).toArray();

    private final boolean[] seen = new boolean[SLOTS.length];
    private final double[] last = new double[SLOTS.length];
    private final double[] rate = filled(Double.NaN);
    private long lastNanos = Long.MIN_VALUE;

    /** Takes this tick's values and writes the rates known so far into the cell's row (the others stay NaN). */
    void update(CellObservation c, long nowNanos, SignalTable table, int row) {
        double dt = lastNanos == Long.MIN_VALUE ? 0 : (nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        // In the order of CellSignals.RATE_NAMES.
        rate(0, c.soc(), dt, table, row);
        rate(1, c.temperatureDegC(), dt, table, row);
        rate(2, c.sohResistance(), dt, table, row);
        rate(3, c.strain(), dt, table, row);
    }

    private void rate(int k, double value, double dt, SignalTable table, int row) {
        if (!Double.isFinite(value)) {
            return;
        }
        if (!seen[k] || dt <= 0) {
            seen[k] = true;
        } else {
            double raw = (value - last[k]) / dt;
            double alpha = 1 - Math.exp(-dt / SMOOTHING_S);
            // Starts from zero, not from the first difference: one noisy step must not start a steep rate.
            double before = Double.isNaN(rate[k]) ? 0 : rate[k];
            rate[k] = before + alpha * (raw - before);
        }
        last[k] = value;
        if (!Double.isNaN(rate[k])) {
            table.set(row, SLOTS[k], rate[k]);
        }
    }

    private static double[] filled(double value) {
        double[] out = new double[SLOTS.length];
        Arrays.fill(out, value);
        return out;
    }
}
