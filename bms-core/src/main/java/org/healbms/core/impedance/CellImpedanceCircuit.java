package org.healbms.core.impedance;

import org.hipparchus.complex.Complex;

/**
 * The equivalent circuit fitted to a cell's spectrum:
 * {@code Z = jωL + R0 + ZARC(R_sei, τ_sei, n_sei) + ZARC(R_ct + Z_W, τ_ct, n_ct)}, with
 * {@code ZARC(R, τ, n) = R / (1 + (jωτ)^n)} (a resistor in parallel with a constant-phase element)
 * and a semi-infinite Warburg {@code Z_W = σ(1 − j)/√ω} in series with the charge-transfer resistance.
 *
 * <p>What each part is: L the cable and can inductance (above ~1 kHz), R0 the ohmic resistance
 * (electrolyte, contacts, current collectors), the first arc the SEI film, the second the charge
 * transfer with the double layer, and the Warburg the solid-state diffusion tail below ~0.1 Hz.
 */
public record CellImpedanceCircuit(
        double inductanceH,
        double ohmicOhm,
        double seiOhm,
        double seiTauS,
        double seiN,
        double chargeTransferOhm,
        double chargeTransferTauS,
        double chargeTransferN,
        double warburgOhmPerSqrtS) {

    public Complex impedanceAt(double frequencyHz) {
        double w = 2 * Math.PI * frequencyHz;
        Complex inductive = new Complex(0, w * inductanceH);
        Complex warburg = new Complex(warburgOhmPerSqrtS / Math.sqrt(w), -warburgOhmPerSqrtS / Math.sqrt(w));
        return inductive
                .add(ohmicOhm)
                .add(arc(new Complex(seiOhm), seiOhm, w, seiTauS, seiN))
                .add(arc(warburg.add(chargeTransferOhm), chargeTransferOhm, w, chargeTransferTauS, chargeTransferN));
    }

    /**
     * A branch z in parallel with a CPE whose admittance is (jωτ)^n / R: the CPE is defined by the
     * arc's resistance R and its characteristic time τ, so with z = R this is the ZARC R/(1 + (jωτ)^n).
     */
    private static Complex arc(Complex z, double r, double w, double tau, double n) {
        // (jωτ)^n = (ωτ)^n · e^{jnπ/2}
        double m = Math.pow(w * tau, n);
        Complex cpeAdmittance = new Complex(m * Math.cos(n * Math.PI / 2), m * Math.sin(n * Math.PI / 2)).divide(r);
        return z.divide(z.multiply(cpeAdmittance).add(1.0));
    }
}
