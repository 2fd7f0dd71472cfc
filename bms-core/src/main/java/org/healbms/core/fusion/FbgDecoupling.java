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
 *     is refused when the matrix is so nearly singular that a picometre of error swamps the answer.</li>
 * </ul>
 */
public final class FbgDecoupling {

    /**
     * How much a pair may amplify a wavelength error: a 1 pm error (the order of an interrogator's
     * accuracy) must not become more than 1 K or 10 µε, or the pair says nothing useful about a cell
     * whose swelling signal is a few hundred µε. Nearly alike gratings amplify without bound.
     */
    static final double MAX_KELVIN_PER_PM = 1.0;

    static final double MAX_MICROSTRAIN_PER_PM = 10.0;

    private FbgDecoupling() {}

    /** Temperature (°C) and strain (fraction, not microstrain) at a point. */
    public record TemperatureAndStrain(double temperatureDegC, double strain) {}

    public static TemperatureAndStrain withReference(
            GratingCalibration strained, double strainedNm, GratingCalibration reference, double referenceNm) {
        double dT = reference.temperatureChangeK(reference.shiftPm(referenceNm));
        double temperature = reference.referenceTemperatureDegC() + dT;
        double strainedDeltaK = temperature - strained.referenceTemperatureDegC();
        double mechanicalPm = strained.shiftPm(strainedNm) - strained.thermalShiftPm(strainedDeltaK);
        double microstrain = strained.pmPerMicrostrain() > 0 ? mechanicalPm / strained.pmPerMicrostrain() : Double.NaN;
        return new TemperatureAndStrain(temperature, microstrain * 1e-6);
    }

    /**
     * True if two gratings' sensitivities differ enough to separate temperature from strain (the
     * inverse of [[S_T1, S_ε1], [S_T2, S_ε2]] keeps a 1 pm error within {@link #MAX_KELVIN_PER_PM}
     * and {@link #MAX_MICROSTRAIN_PER_PM}), and both are referred to the same temperature (their
     * shifts must mean the same ΔT).
     */
    public static boolean canSeparate(GratingCalibration a, GratingCalibration b) {
        double det = Math.abs(determinant(a, b));
        double kelvinPerPm = Math.hypot(a.pmPerMicrostrain(), b.pmPerMicrostrain()) / det;
        double microstrainPerPm = Math.hypot(a.pmPerK(), b.pmPerK()) / det;
        return kelvinPerPm <= MAX_KELVIN_PER_PM
                && microstrainPerPm <= MAX_MICROSTRAIN_PER_PM
                && a.referenceTemperatureDegC() == b.referenceTemperatureDegC();
    }

    /**
     * Two co-located gratings read together. Eliminating strain leaves one equation in ΔT, quadratic
     * when either grating has a quadratic temperature term:
     * S_ε2·Δλ1 − S_ε1·Δλ2 = det·ΔT + (S_ε2·S_T2,1 − S_ε1·S_T2,2)·ΔT², solved for the root nearest the
     * linear answer; strain then comes from the more strain-sensitive grating. Readings no
     * temperature can explain give NaN (a grating read a wrong peak).
     */
    public static TemperatureAndStrain withTwoGratings(
            GratingCalibration a, double aNm, GratingCalibration b, double bNm) {
        if (!canSeparate(a, b)) {
            throw new IllegalArgumentException(
                    a.referenceTemperatureDegC() != b.referenceTemperatureDegC()
                            ? "the two gratings are referred to different temperatures (" + a.referenceTemperatureDegC()
                                    + " and " + b.referenceTemperatureDegC() + " degC); refer both to the same one"
                            : "the two gratings have too nearly the same ratio of temperature to strain sensitivity (determinant "
                                    + determinant(a, b) + " pm^2/(K microstrain)); they cannot separate the two");
        }
        double det = determinant(a, b);
        double da = a.shiftPm(aNm);
        double db = b.shiftPm(bNm);
        double rhs = b.pmPerMicrostrain() * da - a.pmPerMicrostrain() * db;
        double quadratic = b.pmPerMicrostrain() * a.pmPerK2() - a.pmPerMicrostrain() * b.pmPerK2();
        double disc = det * det + 4 * quadratic * rhs;
        if (disc < 0) {
            return new TemperatureAndStrain(Double.NaN, Double.NaN);
        }
        // 2·rhs / (det ± √disc): the root that tends to rhs/det as the quadratic term vanishes, in the
        // form that does not cancel when it is small.
        double dT = 2 * rhs / (det + Math.signum(det) * Math.sqrt(disc));
        GratingCalibration strained = Math.abs(a.pmPerMicrostrain()) >= Math.abs(b.pmPerMicrostrain()) ? a : b;
        double shift = strained == a ? da : db;
        double microstrain = (shift - strained.thermalShiftPm(dT)) / strained.pmPerMicrostrain();
        return new TemperatureAndStrain(a.referenceTemperatureDegC() + dT, microstrain * 1e-6);
    }

    private static double determinant(GratingCalibration a, GratingCalibration b) {
        return a.pmPerK() * b.pmPerMicrostrain() - a.pmPerMicrostrain() * b.pmPerK();
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
