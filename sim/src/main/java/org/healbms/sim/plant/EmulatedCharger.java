package org.healbms.sim.plant;

import org.healbms.drivers.platform.Charger;

/**
 * A constant-current, constant-voltage charger that obeys the firmware's charge-current limit and
 * enable: it delivers the smallest of what the usage asks, its own rating, the firmware's limit and
 * what holds the pack at its full-charge voltage. A discharge (the load) passes it by.
 */
public final class EmulatedCharger implements Charger {

    private final double ratingA;
    private volatile double limitA = Double.POSITIVE_INFINITY;
    private volatile boolean enabled = true;

    public EmulatedCharger(double ratingA) {
        if (!(ratingA > 0)) {
            throw new IllegalArgumentException("a charger's rating must be > 0 A, got " + ratingA);
        }
        this.ratingA = ratingA;
    }

    @Override
    public void limitChargeCurrent(double amps) {
        if (!(amps >= 0)) {
            throw new IllegalArgumentException("a charge-current limit must be >= 0 A, got " + amps);
        }
        limitA = amps;
    }

    @Override
    public void enable(boolean on) {
        enabled = on;
    }

    public boolean enabled() {
        return enabled;
    }

    public double limitA() {
        return limitA;
    }

    /**
     * The pack current over the next step: a discharge as asked; a charge request cut to the rating,
     * the limit and {@code voltageLimitedA} (the current that brings the pack to its full voltage).
     */
    public double deliver(double requestedA, double voltageLimitedA) {
        if (requestedA <= 0) {
            return requestedA;
        }
        if (!enabled) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(Math.min(requestedA, ratingA), Math.min(limitA, voltageLimitedA)));
    }
}
