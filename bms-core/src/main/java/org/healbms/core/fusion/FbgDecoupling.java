package org.healbms.core.fusion;

/**
 * Separates temperature and strain in fibre Bragg grating readings. A grating's wavelength moves with
 * both, so one grating alone cannot tell a warmer cell from a swelling one.
 *
 * <p>Two ways, as the fact sheet gives them:
 * <ul>
 * <li>{@link #withReference}: a strain-free reference grating beside the strained one sees only the
 *     temperature; its shift gives ΔT, and what the strained grating moved beyond that is strain.</li>
 * <li>{@link #withTwoGratings}: two co-located gratings with different sensitivities (e.g. one in a
 *     polymer coating); invert the 2×2 matrix [[S_T1, S_ε1], [S_T2, S_ε2]] (Tang and Wang 2010). It
 *     is refused when the matrix is nearly singular: the gratings would then not tell the two apart.</li>
 * </ul>
 */
public final class FbgDecoupling {

    /** Relative determinant below which two gratings are too alike to separate T and strain. */
    static final double MIN_RELATIVE_DETERMINANT = 1e-3;

    private FbgDecoupling() {
    }

    /** Temperature (°C) and strain (fraction, not microstrain) at a point. */
    public record TemperatureAndStrain(double temperatureDegC, double strain) {
    }

    public static TemperatureAndStrain withReference(GratingCalibration strained, double strainedNm,
                                                     GratingCalibration reference, double referenceNm) {
        double dT = reference.temperatureChangeK(reference.shiftPm(referenceNm));
        double temperature = reference.referenceTemperatureDegC() + dT;
        double strainedDeltaK = temperature - strained.referenceTemperatureDegC();
        double mechanicalPm = strained.shiftPm(strainedNm) - strained.thermalShiftPm(strainedDeltaK);
        double microstrain = strained.pmPerMicrostrain() > 0 ? mechanicalPm / strained.pmPerMicrostrain() : Double.NaN;
        return new TemperatureAndStrain(temperature, microstrain * 1e-6);
    }

    /** Linear sensitivities only (the quadratic terms are ignored here), both referred to the same temperature. */
    public static TemperatureAndStrain withTwoGratings(GratingCalibration a, double aNm, GratingCalibration b, double bNm) {
        double det = a.pmPerK() * b.pmPerMicrostrain() - a.pmPerMicrostrain() * b.pmPerK();
        double scale = Math.abs(a.pmPerK() * b.pmPerMicrostrain()) + Math.abs(a.pmPerMicrostrain() * b.pmPerK());
        if (Math.abs(det) < MIN_RELATIVE_DETERMINANT * scale) {
            throw new IllegalArgumentException("the two gratings have nearly the same ratio of temperature to strain"
                    + " sensitivity (determinant " + det + "); they cannot separate the two");
        }
        double da = a.shiftPm(aNm);
        double db = b.shiftPm(bNm);
        double dT = (b.pmPerMicrostrain() * da - a.pmPerMicrostrain() * db) / det;
        double microstrain = (a.pmPerK() * db - b.pmPerK() * da) / det;
        return new TemperatureAndStrain(a.referenceTemperatureDegC() + dT, microstrain * 1e-6);
    }

    /**
     * Cross-check against the nearest NTC: the difference between the grating's temperature and the
     * thermistor's, in K. Beyond a few kelvin one of them is wrong, or the cell has a gradient the
     * thermistor cannot see; the plausibility checks decide which.
     */
    public static double disagreementK(TemperatureAndStrain fbg, double ntcDegC) {
        return fbg.temperatureDegC() - ntcDegC;
    }
}
