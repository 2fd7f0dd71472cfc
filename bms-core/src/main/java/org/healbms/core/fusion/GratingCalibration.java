package org.healbms.core.fusion;

/**
 * One fibre Bragg grating's response: its Bragg wavelength at the reference temperature with no
 * strain, and its sensitivities. Δλ = S_T·ΔT + S_T2·ΔT² + S_ε·ε (pm, K, microstrain). A bare
 * silica grating has S_T ≈ 10 pm/K and S_ε ≈ 1.2 pm/µε at 1550 nm; bonding it to a can adds the
 * substrate's expansion to S_T, and real sensors have a small quadratic term.
 *
 * @param referenceTemperatureDegC where {@code nominalNm} was measured
 */
public record GratingCalibration(
        double nominalNm, double referenceTemperatureDegC, double pmPerK, double pmPerK2, double pmPerMicrostrain) {

    public GratingCalibration {
        if (!(nominalNm > 0) || !(pmPerK > 0) || pmPerMicrostrain < 0) {
            throw new IllegalArgumentException("a grating needs a positive wavelength and temperature sensitivity");
        }
    }

    /** Bare-fibre values at 1550 nm from the fact sheet: 10 pm/K, 1.2 pm/µε, no quadratic term. */
    public static GratingCalibration bareSilica(double nominalNm, double referenceTemperatureDegC) {
        return new GratingCalibration(nominalNm, referenceTemperatureDegC, 10.0, 0.0, 1.2);
    }

    double shiftPm(double wavelengthNm) {
        return (wavelengthNm - nominalNm) * 1000.0;
    }

    /** Temperature change that explains a shift on its own (strain-free grating), solving the quadratic. */
    double temperatureChangeK(double shiftPm) {
        if (pmPerK2 == 0) {
            return shiftPm / pmPerK;
        }
        double disc = pmPerK * pmPerK + 4 * pmPerK2 * shiftPm;
        return (-pmPerK + Math.sqrt(Math.max(disc, 0))) / (2 * pmPerK2);
    }

    double thermalShiftPm(double deltaK) {
        return pmPerK * deltaK + pmPerK2 * deltaK * deltaK;
    }

    /** The wavelength this grating reads at a temperature and a strain (fraction), nm: for emulators and tests. */
    public double wavelengthNm(double temperatureDegC, double strain) {
        return nominalNm
                + (thermalShiftPm(temperatureDegC - referenceTemperatureDegC) + pmPerMicrostrain * strain * 1e6)
                        / 1000.0;
    }
}
