package org.healbms.sim.device.ad5941;

/**
 * A Li-ion cell as an equivalent circuit in series: ohmic resistance, the SEI film (a resistance in
 * parallel with a constant-phase element), the charge transfer (likewise, with the double layer),
 * and a semi-infinite Warburg element,
 * {@code Z = R0 + Rsei / (1 + Rsei·Qsei·(jω)^nsei) + Rct / (1 + Rct·Q·(jω)^n) + σ(1 − j)/√ω}. (A
 * full Randles circuit nests the Warburg inside the charge-transfer branch; the series form keeps the
 * parameters independent.) Real cells show both arcs; with only one, a two-arc fit (the firmware's
 * {@code ImpedanceFit}) may name it either arc, so an emulated cell without its SEI arc cannot test
 * whether the firmware tracks the charge transfer.
 *
 * @param ohmicOhm          R0
 * @param seiOhm            Rsei, 0 for no SEI arc
 * @param seiQ              the SEI CPE's magnitude, F·s^(n−1)
 * @param seiN              its exponent, 0 &lt; n ≤ 1
 * @param chargeTransferOhm Rct
 * @param cpeQ              the double layer's CPE magnitude Q, F·s^(n−1)
 * @param cpeN              its exponent n, 0 &lt; n ≤ 1 (1 = ideal capacitor)
 * @param warburgSigma      Warburg coefficient σ, Ω·s^(−1/2)
 */
public record CellImpedanceModel(
        double ohmicOhm,
        double seiOhm,
        double seiQ,
        double seiN,
        double chargeTransferOhm,
        double cpeQ,
        double cpeN,
        double warburgSigma) {

    /**
     * An 18650 at mid state of charge and room temperature: 18 mΩ ohmic, a 3 mΩ SEI arc peaking near
     * 1.7 kHz, 12 mΩ charge transfer with its arc peaking near 30 Hz, a Warburg tail of about 1.2 mΩ
     * per part at 1 Hz.
     */
    public static final CellImpedanceModel TYPICAL_18650 =
            new CellImpedanceModel(0.018, 0.003, 0.2, 0.8, 0.012, 1.0, 0.85, 0.003);

    public CellImpedanceModel {
        if (!(ohmicOhm >= 0)
                || !(seiOhm >= 0)
                || !(seiQ > 0)
                || !(seiN > 0 && seiN <= 1)
                || !(chargeTransferOhm > 0)
                || !(cpeQ > 0)
                || !(cpeN > 0 && cpeN <= 1)
                || !(warburgSigma >= 0)) {
            throw new IllegalArgumentException("AD5941 emulator: implausible cell model " + this);
        }
    }

    /**
     * The same cell with another charge-transfer resistance: ageing (a thickening interphase, lost
     * active surface) as the impedance front end sees it. The double layer's CPE stays, so the arc
     * widens and slows as it does on an ageing cell.
     */
    public CellImpedanceModel withChargeTransferOhm(double ohm) {
        return new CellImpedanceModel(ohmicOhm, seiOhm, seiQ, seiN, ohm, cpeQ, cpeN, warburgSigma);
    }

    public Phasor impedanceAt(double frequencyHz) {
        double omega = 2 * Math.PI * frequencyHz;
        double warburg = warburgSigma / Math.sqrt(omega);
        return Phasor.real(ohmicOhm)
                .plus(arc(seiOhm, seiQ, seiN, omega))
                .plus(arc(chargeTransferOhm, cpeQ, cpeN, omega))
                .plus(new Phasor(warburg, -warburg));
    }

    /** A resistance in parallel with a CPE of admittance Q·(jω)^n; no resistance, no arc. */
    private static Phasor arc(double r, double q, double n, double omega) {
        if (r == 0) {
            return Phasor.real(0);
        }
        Phasor cpeAdmittance = Phasor.polar(q * Math.pow(omega, n), n * Math.PI / 2);
        return Phasor.real(1 / r).plus(cpeAdmittance).reciprocal();
    }
}
