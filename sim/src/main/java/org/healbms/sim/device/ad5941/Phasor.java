package org.healbms.sim.device.ad5941;

/** A complex amplitude for the emulator's circuit maths (kept apart from the driver's on purpose). */
public record Phasor(double re, double im) {

    public static Phasor real(double value) {
        return new Phasor(value, 0);
    }

    public static Phasor polar(double magnitude, double angleRad) {
        return new Phasor(magnitude * Math.cos(angleRad), magnitude * Math.sin(angleRad));
    }

    public Phasor plus(Phasor other) {
        return new Phasor(re + other.re, im + other.im);
    }

    public Phasor times(Phasor other) {
        return new Phasor(re * other.re - im * other.im, re * other.im + im * other.re);
    }

    public Phasor times(double factor) {
        return new Phasor(re * factor, im * factor);
    }

    public Phasor reciprocal() {
        double d = re * re + im * im;
        return new Phasor(re / d, -im / d);
    }

    public double abs() {
        return Math.hypot(re, im);
    }
}
