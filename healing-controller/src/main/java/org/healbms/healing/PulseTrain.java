package org.healbms.healing;

/**
 * A pulse protocol as the charger carries it out: {@code pulses} charge pulses of at most
 * {@code amplitudeA} for {@code widthS} each, each followed by {@code restS} without charge current.
 * The firmware has no line to the charger but its charge-current limit, so the train is that limit over
 * time: the amplitude during a pulse, 0 during a rest, no cap once the train has ended. A charger that
 * is charging then pulses; the state of power still caps every pulse.
 */
record PulseTrain(int cell, long startNanos, int pulses, double amplitudeA, double widthS, double restS) {

    /** The charge current the train allows at {@code nowNanos}, A (infinite before or after it). */
    double chargeCapA(long nowNanos) {
        double t = (nowNanos - startNanos) / 1e9;
        double period = widthS + restS;
        if (t < 0 || t >= pulses * period) {
            return Double.POSITIVE_INFINITY;
        }
        return t % period < widthS ? amplitudeA : 0.0;
    }

    boolean over(long nowNanos) {
        return (nowNanos - startNanos) / 1e9 >= pulses * (widthS + restS);
    }
}
