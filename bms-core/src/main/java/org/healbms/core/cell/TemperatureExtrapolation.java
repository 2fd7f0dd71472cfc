package org.healbms.core.cell;

/**
 * What a cell model is likely to get wrong when the cell runs warmer or colder than it was
 * identified at. The tables hold their edge values there, but a cell's resistance keeps changing
 * with temperature (a few per cent per kelvin near room temperature), so under load the predicted
 * voltage is off by about I·R·(e^{k·ΔT} − 1), ΔT being how far the cell is beyond
 * {@value #MARGIN_K} K outside the identified range: the tests a cell is identified from already
 * warm it by a few kelvin under load, and the fitted voltage noise covers that much.
 *
 * <p>The per-kelvin change k comes from the cell file where it has two or more temperatures (the
 * resistance change between its two outermost columns at that edge). A file identified at one
 * temperature, or whose resistance does not change across its span (identify-cc), cannot say; then
 * k is that of an Arrhenius law with {@value #DEFAULT_ACTIVATION_J_PER_MOL} J/mol, a typical
 * activation energy for a lithium-ion cell's DC resistance, at the edge temperature.
 */
public final class TemperatureExtrapolation {

    /** Typical activation energy of a Li-ion cell's DC resistance (charge transfer and electrolyte). */
    static final double DEFAULT_ACTIVATION_J_PER_MOL = 30_000.0;

    private static final double GAS_CONSTANT = 8.314;
    private static final double KELVIN = 273.15;
    /** A change of more than this many e-folds is no longer a model error but a different cell. */
    private static final double MAX_EXPONENT = 3.0;
    /** Self-heating takes a cell a few kelvin past its test temperature; the fit's noise covers that. */
    public static final double MARGIN_K = 5.0;
    /** Below this the table's columns do not really differ: it says nothing about temperature. */
    private static final double MIN_PER_KELVIN = 1e-4;

    private final CellParameters p;
    private final double coldestDegC;
    private final double warmestDegC;
    private final double perKelvinCold;
    private final double perKelvinWarm;

    public TemperatureExtrapolation(CellParameters p) {
        this.p = p;
        double[] t = p.r0Ohm().temperatureDegC();
        coldestDegC = t[0];
        warmestDegC = t[t.length - 1];
        if (t.length >= 2) {
            perKelvinCold = perKelvin(p, t[0], t[1]);
            perKelvinWarm = perKelvin(p, t[t.length - 2], t[t.length - 1]);
        } else {
            perKelvinCold = arrhenius(coldestDegC);
            perKelvinWarm = arrhenius(warmestDegC);
        }
    }

    /** |d ln R / dT| between two identified temperatures, at mid SoC. */
    private static double perKelvin(CellParameters p, double a, double b) {
        double ra = dcResistance(p, 0.5, a);
        double rb = dcResistance(p, 0.5, b);
        double k = ra > 0 && rb > 0 && b > a ? Math.abs(Math.log(ra / rb)) / (b - a) : 0.0;
        return k > MIN_PER_KELVIN ? k : arrhenius(0.5 * (a + b));
    }

    private static double arrhenius(double degC) {
        double kelvin = degC + KELVIN;
        return DEFAULT_ACTIVATION_J_PER_MOL / (GAS_CONSTANT * kelvin * kelvin);
    }

    private static double dcResistance(CellParameters p, double soc, double degC) {
        return p.r0Ohm().value(soc, degC)
                + p.r1Ohm().value(soc, degC)
                + p.r2Ohm().value(soc, degC);
    }

    /** How far beyond the identified temperatures and their margin the cell is, K (0 within them). */
    public double kelvinOutside(double temperatureDegC) {
        return Math.max(Math.max(coldestDegC - temperatureDegC, temperatureDegC - warmestDegC) - MARGIN_K, 0.0);
    }

    /** 1σ of the voltage the model gets wrong at this SoC, temperature and current, V (0 inside the range). */
    public double voltageSigma(double soc, double temperatureDegC, double currentA) {
        double outside = kelvinOutside(temperatureDegC);
        if (outside == 0 || !Double.isFinite(currentA)) {
            return 0.0;
        }
        double k = temperatureDegC < coldestDegC ? perKelvinCold : perKelvinWarm;
        return Math.abs(currentA)
                * dcResistance(p, soc, temperatureDegC)
                * Math.expm1(Math.min(k * outside, MAX_EXPONENT));
    }
}
