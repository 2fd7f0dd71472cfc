package org.healbms.core.impedance;

/**
 * One accepted impedance sweep of a cell, as its history keeps it: when, under which conditions, the
 * fitted circuit and how well it fitted. R_ct and the other parameters depend on state of charge and
 * (strongly) on temperature, so a record is only ever compared with one taken under similar ones.
 *
 * @param epochMs          wall-clock time the sweep started
 * @param soc              state of charge during the sweep (NaN if not known)
 * @param temperatureDegC  cell temperature during the sweep (NaN if not known)
 * @param fitError         the fit's RMS error relative to |Z|
 * @param points           valid frequency points the fit used
 */
public record ImpedanceRecord(
        long epochMs, double soc, double temperatureDegC, CellImpedanceCircuit circuit, double fitError, int points) {

    public ImpedanceRecord {
        if (circuit == null) {
            throw new IllegalArgumentException("an impedance record needs its fitted circuit");
        }
        if (!(fitError >= 0) || points < 1) {
            throw new IllegalArgumentException(
                    "an impedance record needs a fit error >= 0 and points, got " + fitError + ", " + points);
        }
    }

    public double ohmicOhm() {
        return circuit.ohmicOhm();
    }

    public double chargeTransferOhm() {
        return circuit.chargeTransferOhm();
    }
}
