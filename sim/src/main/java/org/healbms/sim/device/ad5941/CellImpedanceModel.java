package org.healbms.sim.device.ad5941;

/**
 * A Li-ion cell as an equivalent circuit in series: ohmic resistance, charge-transfer resistance in
 * parallel with a constant-phase element, and a semi-infinite Warburg element,
 * {@code Z = R0 + Rct / (1 + Rct·Q·(jω)^n) + σ(1 − j)/√ω}. (A full Randles circuit nests the Warburg
 * inside the charge-transfer branch; the series form is what the task's model names and keeps the
 * parameters independent.)
 *
 * @param ohmicOhm        R0
 * @param chargeTransferOhm Rct
 * @param cpeQ            CPE magnitude Q, F·s^(n−1)
 * @param cpeN            CPE exponent n, 0 &lt; n ≤ 1 (1 = ideal capacitor)
 * @param warburgSigma    Warburg coefficient σ, Ω·s^(−1/2)
 */
public record CellImpedanceModel(double ohmicOhm, double chargeTransferOhm, double cpeQ, double cpeN,
                                 double warburgSigma) {

    /**
     * An 18650 at mid state of charge and room temperature: 18 mΩ ohmic, 12 mΩ charge transfer with
     * its arc peaking near 30 Hz, a Warburg tail of about 1.2 mΩ per part at 1 Hz.
     */
    public static final CellImpedanceModel TYPICAL_18650 = new CellImpedanceModel(0.018, 0.012, 1.0, 0.85, 0.003);

    public CellImpedanceModel {
        if (!(ohmicOhm >= 0) || !(chargeTransferOhm > 0) || !(cpeQ > 0) || !(cpeN > 0 && cpeN <= 1)
                || !(warburgSigma >= 0)) {
            throw new IllegalArgumentException("AD5941 emulator: implausible cell model " + this);
        }
    }

    public Phasor impedanceAt(double frequencyHz) {
        double omega = 2 * Math.PI * frequencyHz;
        Phasor cpeAdmittance = Phasor.polar(cpeQ * Math.pow(omega, cpeN), cpeN * Math.PI / 2);
        Phasor chargeTransfer = Phasor.real(1 / chargeTransferOhm).plus(cpeAdmittance).reciprocal();
        double warburg = warburgSigma / Math.sqrt(omega);
        return Phasor.real(ohmicOhm).plus(chargeTransfer).plus(new Phasor(warburg, -warburg));
    }
}
