package org.healbms.sim.plant;

import org.healbms.drivers.platform.Charger;

/**
 * A constant-current, constant-voltage charger that obeys the firmware's charge-current limit and
 * enable: it delivers the smallest of what the usage asks, its own rating, the firmware's limit and
 * what holds the pack at its full-charge voltage. Once the voltage-limited current has tapered below
 * a twentieth of its rating the charge is done (as CC-CV chargers terminate): it delivers nothing until
 * the usage stops asking and asks again. A discharge (the load) passes it by.
 */
public final class EmulatedCharger implements Charger {

    private final double ratingA;
    private volatile double limitA = Double.POSITIVE_INFINITY;
    private volatile boolean enabled = true;
    private boolean terminated;

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
    public synchronized double deliver(double requestedA, double voltageLimitedA) {
        if (requestedA <= 0) {
            requestEnded();
            return requestedA;
        }
        if (voltageLimitedA < ratingA / 20) {
            terminated = true;
        }
        if (!enabled || terminated) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(Math.min(requestedA, ratingA), Math.min(limitA, voltageLimitedA)));
    }

    /** The usage has stopped asking (the pack rests): the next charge request starts a new charge. */
    synchronized void requestEnded() {
        terminated = false;
    }

    /** Whether a charge request would get any current now (enabled, not ended, a limit above 0). */
    public synchronized boolean wouldDeliver() {
        return enabled && !terminated && limitA > 0;
    }

    /** Whether the charge in progress has ended at its taper (until the usage stops asking). */
    public synchronized boolean terminated() {
        return terminated;
    }
}
