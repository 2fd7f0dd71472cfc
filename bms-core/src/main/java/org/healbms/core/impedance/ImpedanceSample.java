package org.healbms.core.impedance;

/** One point of a measured spectrum: frequency and complex impedance (ohm, imaginary positive inductive). */
public record ImpedanceSample(double frequencyHz, double realOhm, double imagOhm) {

    public ImpedanceSample {
        if (!(frequencyHz > 0) || !Double.isFinite(realOhm) || !Double.isFinite(imagOhm)) {
            throw new IllegalArgumentException("an impedance sample needs a positive frequency and finite values, got "
                    + frequencyHz + " Hz, " + realOhm + " + j" + imagOhm);
        }
    }

    double magnitude() {
        return Math.hypot(realOhm, imagOhm);
    }
}
