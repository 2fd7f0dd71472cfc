package org.healbms.healing.thermal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The checks that win over every rule: any one of them stops heating at once. Each trip says why.
 * The rate of rise is measured over the last {@value #RISE_WINDOW_S} s of the hotter sensor, so one
 * noisy sample does not trip it and a real runaway does.
 */
public final class Interlocks {

    static final double RISE_WINDOW_S = 30.0;

    private final HeatingLimits limits;
    private final Deque<double[]> history = new ArrayDeque<>(); // {time s, temperature}

    public Interlocks(HeatingLimits limits) {
        this.limits = limits;
    }

    public HeatingLimits limits() {
        return limits;
    }

    /** Null when heating may go on; otherwise the reason it must stop. */
    public String check(InterlockInputs in) {
        if (in.protectionFault()) {
            return "a protection fault is active";
        }
        TemperaturePair temperatures = in.temperatures();
        if (!temperatures.usable()) {
            return "a cell temperature sensor is not usable";
        }
        double hot = temperatures.hotterDegC();
        double spread = temperatures.spreadK();
        if (spread > limits.sensorAgreementK()) {
            return "the two temperature sensors disagree by %.1f K (limit %.1f K)"
                    .formatted(spread, limits.sensorAgreementK());
        }
        if (hot >= limits.maxTemperatureDegC()) {
            return "cell at %.1f degC, limit %.1f degC".formatted(hot, limits.maxTemperatureDegC());
        }
        double t = in.nowNanos() / 1e9;
        history.addLast(new double[] {t, hot});
        while (history.size() > 1 && t - history.peekFirst()[0] > RISE_WINDOW_S) {
            history.removeFirst();
        }
        double[] first = history.peekFirst();
        if (t - first[0] >= RISE_WINDOW_S / 2) {
            double risePerMin = (hot - first[1]) / (t - first[0]) * 60;
            if (risePerMin > limits.maxRiseKPerMin()) {
                return "rising %.1f K/min, limit %.1f K/min".formatted(risePerMin, limits.maxRiseKPerMin());
            }
        }
        if (!(in.currentA() <= limits.maxChargeCurrentA())) {
            return "charging at %.2f A while heating (limit %.2f A)"
                    .formatted(in.currentA(), limits.maxChargeCurrentA());
        }
        if (!(in.soc() >= limits.minSoc() && in.soc() <= limits.maxSoc())) {
            return "SoC %.0f %% outside the heating window %.0f..%.0f %%"
                    .formatted(100 * in.soc(), 100 * limits.minSoc(), 100 * limits.maxSoc());
        }
        return null;
    }

    /** Forget the rise history (a new run). */
    public void reset() {
        history.clear();
    }
}
