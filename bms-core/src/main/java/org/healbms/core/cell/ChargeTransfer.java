package org.healbms.core.cell;

import java.util.Objects;

/**
 * The charge-transfer overpotential at the electrodes, which is not linear in current: Butler-Volmer,
 * η = b·asinh(i / (2·I0)), with I0 the exchange current and b = RT/(αF) the Tafel slope per e-fold
 * (2RT/F, 51 mV at 25 degC, for a symmetric single-electron reaction; the lumped figure of a whole cell,
 * both electrodes and their films, comes out larger and rises in the cold). Its resistance η/i is
 * b/(2·I0) at small currents and falls as the current grows, the more so the smaller I0, i.e. the colder
 * the cell (I0 is thermally activated). The linear equivalent-circuit model takes a compromise of it into
 * R0 and its fast RC pair; the Panasonic NCR18650PF's 10 s HPPC pulses at -20 degC show 403, 295 and 214
 * mΩ after 2 s at 0.5, 1 and 2C over an ohmic step of some 90 mΩ at each.
 *
 * <p>The overpotential follows its steady value b·asinh(i/(2·I0)) with a first-order lag τ (the double
 * layer charging), beside the ohmic resistance and the cell file's two RC pairs, whose linear part it
 * leaves as it is. It is what {@link org.healbms.core.estimation.ResistanceResponse} compares the cell
 * with, so that a drive cycle of high currents and one of low currents both read 1.00 on the new cell;
 * the SoC filter keeps the linear model.
 *
 * @param ohmicOhm         the series resistance beside it, over SoC and temperature, Ω
 * @param exchangeCurrentA I0 over temperature (Arrhenius between the identified temperatures), A
 * @param tafelV           b over temperature, V
 * @param tauS             the lag of the overpotential behind its steady value, over temperature, s (0: none)
 */
public record ChargeTransfer(
        SocTemperatureTable ohmicOhm,
        SocTemperatureTable exchangeCurrentA,
        SocTemperatureTable tafelV,
        SocTemperatureTable tauS) {

    public ChargeTransfer {
        Objects.requireNonNull(ohmicOhm, "ohmic_r0_ohm");
        Objects.requireNonNull(exchangeCurrentA, "exchange_current_a");
        Objects.requireNonNull(tafelV, "tafel_v");
        Objects.requireNonNull(tauS, "tau_s");
        require(ohmicOhm.min() >= 0 && ohmicOhm.max() <= 10, "ohmic_r0_ohm values must lie in [0, 10] Ohm");
        require(exchangeCurrentA.min() > 0, "exchange_current_a values must be > 0");
        require(tafelV.min() >= 0 && tafelV.max() < 10, "tafel_v values must lie in [0, 10) V");
        require(tauS.min() >= 0, "tau_s values must be >= 0");
    }

    /** The steady overpotential b·asinh(i / (2·I0)), V (sign of the current, positive on charge). */
    public static double overpotentialV(double currentA, double exchangeCurrentA, double tafelV) {
        return tafelV * asinh(currentA / (2.0 * exchangeCurrentA));
    }

    /** Inverse hyperbolic sine (the JDK has none), odd, and through log1p accurate near zero too. */
    static double asinh(double x) {
        double a = Math.abs(x);
        return Math.copySign(Math.log1p(a + a * a / (1.0 + Math.sqrt(1.0 + a * a))), x);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
