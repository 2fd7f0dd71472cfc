package org.healbms.drivers.ntc;

/**
 * An NTC at the bottom of a divider (series resistor to the supply, NTC to ground), read by an ADC.
 * Reading it ratiometrically (ADC reference = divider supply) cancels the supply's tolerance.
 * An open thermistor pulls the input to the supply, a shorted one to ground; the detection limits are
 * the codes the thermistor gives at the ends of its range (−40 and 125 °C), so anything beyond is a
 * fault, reported as such, never as a temperature.
 */
public final class ThermistorDivider {

    public static final double RANGE_MIN_DEGC = -40.0;
    public static final double RANGE_MAX_DEGC = 125.0;

    /** A thermistor reading: a temperature, or why there is none. */
    public record Reading(double temperatureDegC, double resistanceOhm, Fault fault) {}

    public enum Fault {
        NONE,
        OPEN,
        SHORT
    }

    private final Thermistor thermistor;
    private final double seriesOhm;

    public ThermistorDivider(Thermistor thermistor, double seriesOhm) {
        this.thermistor = thermistor;
        this.seriesOhm = seriesOhm;
    }

    /** From the fraction of the supply at the ADC input (code / full scale, or V / V_supply). */
    public Reading fromRatio(double ratio) {
        double openRatio = ratioAt(RANGE_MIN_DEGC);
        double shortRatio = ratioAt(RANGE_MAX_DEGC);
        if (!(ratio < openRatio)) {
            return new Reading(Double.NaN, Double.NaN, Fault.OPEN);
        }
        if (!(ratio > shortRatio)) {
            return new Reading(Double.NaN, Double.NaN, Fault.SHORT);
        }
        double r = seriesOhm * ratio / (1 - ratio);
        return new Reading(thermistor.temperatureDegC(r), r, Fault.NONE);
    }

    /** A 12-bit (or any) ratiometric code. */
    public Reading fromCode(int code, int fullScaleCodes) {
        return fromRatio(code / (double) fullScaleCodes);
    }

    /** The ratio the divider gives at a temperature (for fault limits and for emulators). */
    public double ratioAt(double temperatureDegC) {
        double r = thermistor.resistanceOhm(temperatureDegC);
        return r / (r + seriesOhm);
    }
}
