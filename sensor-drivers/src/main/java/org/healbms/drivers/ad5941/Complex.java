package org.healbms.drivers.ad5941;

/** A complex number: a DFT phasor in codes, or an impedance in ohm. */
public record Complex(double re, double im) {

    public Complex times(double factor) {
        return new Complex(re * factor, im * factor);
    }

    public Complex dividedBy(Complex d) {
        double denominator = d.re * d.re + d.im * d.im;
        return new Complex((re * d.re + im * d.im) / denominator, (im * d.re - re * d.im) / denominator);
    }

    public double abs() {
        return Math.hypot(re, im);
    }
}
