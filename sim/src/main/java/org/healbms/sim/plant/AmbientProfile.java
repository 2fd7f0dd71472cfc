package org.healbms.sim.plant;

/** The temperature around the pack over time. */
public interface AmbientProfile {

    double degC(double elapsedS);

    /** The same temperature all the time (a climate chamber). */
    static AmbientProfile constant(double degC) {
        return t -> degC;
    }

    /**
     * A day's swing about a mean: coldest at {@code coldestHour} (around dawn outdoors), warmest twelve
     * hours later.
     */
    static AmbientProfile daily(double meanDegC, double swingK, double coldestHour) {
        return t -> meanDegC - swingK * Math.cos(2 * Math.PI * (t / 86_400.0 - coldestHour / 24.0));
    }
}
