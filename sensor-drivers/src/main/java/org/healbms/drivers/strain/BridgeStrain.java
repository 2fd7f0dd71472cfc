package org.healbms.drivers.strain;

/**
 * Strain from a Wheatstone bridge's ratiometric output Vr = (Vout/Vex)strained − (Vout/Vex)unstrained,
 * with the gauges arranged so that tension raises the output (Keysight's equations with that sign):
 * <ul>
 * <li>quarter bridge: ε = 4·Vr / (GF·(1 − 2·Vr)), exact for one active gauge (the bridge is not linear);</li>
 * <li>half bridge, bending: ε = 2·Vr / GF;</li>
 * <li>full bridge, bending: ε = Vr / GF.</li>
 * </ul>
 * For the fact sheet's vector (Vr = 0.5 mV/V, GF 2) the quarter bridge gives 1001.0 µε; its
 * "1000 µε" is the linear approximation 4·Vr/GF.
 */
public record BridgeStrain(Type type, double gaugeFactor) {

    public enum Type {
        QUARTER,
        HALF_BENDING,
        FULL_BENDING
    }

    public BridgeStrain {
        if (!(gaugeFactor > 0)) {
            throw new IllegalArgumentException("gauge factor must be positive, got " + gaugeFactor);
        }
    }

    /** Strain (fraction) for a bridge ratio change {@code vr} (V/V). */
    public double strain(double vr) {
        return switch (type) {
            case QUARTER -> 4 * vr / (gaugeFactor * (1 - 2 * vr));
            case HALF_BENDING -> 2 * vr / gaugeFactor;
            case FULL_BENDING -> vr / gaugeFactor;
        };
    }

    /** The bridge ratio change a strain produces (for emulators and tests). */
    public double ratio(double strain) {
        return switch (type) {
            case QUARTER -> gaugeFactor * strain / (4 + 2 * gaugeFactor * strain);
            case HALF_BENDING -> gaugeFactor * strain / 2;
            case FULL_BENDING -> gaugeFactor * strain;
        };
    }
}
