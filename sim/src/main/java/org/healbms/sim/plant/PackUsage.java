package org.healbms.sim.plant;

/**
 * What the pack's user asks of it over time: a load's discharge (negative) or a charge (positive,
 * which the charger then decides). Piecewise constant, so a plant can leap to the next change.
 */
public interface PackUsage {

    /** The current asked for at {@code elapsedS}, A. */
    double requestedA(double elapsedS);

    /** When the request next changes after {@code elapsedS}; infinity if never. */
    double nextChangeS(double elapsedS);

    /** Nothing asked, ever: the pack rests. */
    static PackUsage idle() {
        return constant(0.0);
    }

    static PackUsage constant(double amps) {
        return new PackUsage() {
            @Override
            public double requestedA(double elapsedS) {
                return amps;
            }

            @Override
            public double nextChangeS(double elapsedS) {
                return Double.POSITIVE_INFINITY;
            }
        };
    }
}
