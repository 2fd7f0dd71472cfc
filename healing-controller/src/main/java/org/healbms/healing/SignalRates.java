package org.healbms.healing;

import java.util.HashMap;
import java.util.Map;
import org.healbms.core.signature.CellObservation;

/**
 * Rates of change of one cell's signals, per second, for the rules' {@code rate['...']}: each a
 * first-order filtered difference (time constant {@value #SMOOTHING_S} s), so sensor noise over one
 * tick does not read as a steep rate. Unknown until two samples have been seen.
 */
final class SignalRates {

    static final double SMOOTHING_S = 30.0;

    private final Map<String, double[]> state = new HashMap<>(); // name -> {last value, rate}
    private long lastNanos = Long.MIN_VALUE;

    Map<String, Double> update(CellObservation c, long nowNanos) {
        double dt = lastNanos == Long.MIN_VALUE ? 0 : (nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        Map<String, Double> out = new HashMap<>();
        rate(out, "soc", c.soc(), dt);
        rate(out, "temperature", c.temperatureDegC(), dt);
        rate(out, "soh_resistance", c.resistanceHealth().health(), dt);
        rate(out, "strain", c.strain(), dt);
        return out;
    }

    private void rate(Map<String, Double> out, String name, double value, double dt) {
        double[] s = state.get(name);
        if (!Double.isFinite(value)) {
            return;
        }
        if (s == null || dt <= 0) {
            state.put(name, new double[] {value, s == null ? Double.NaN : s[1]});
        } else {
            double raw = (value - s[0]) / dt;
            double alpha = 1 - Math.exp(-dt / SMOOTHING_S);
            // Starts from zero, not from the first difference: one noisy step must not start a steep rate.
            s[1] = (Double.isNaN(s[1]) ? 0 : s[1]) + alpha * (raw - (Double.isNaN(s[1]) ? 0 : s[1]));
            s[0] = value;
        }
        double[] now = state.get(name);
        if (!Double.isNaN(now[1])) {
            out.put(name, now[1]);
        }
    }
}
