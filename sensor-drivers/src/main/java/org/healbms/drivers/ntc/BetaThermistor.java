package org.healbms.drivers.ntc;

/** The Beta law R = R25·e^{B(1/T − 1/298.15 K)}: exact at 25 °C and at the Beta's second point only. */
public record BetaThermistor(double r25Ohm, double betaK) implements Thermistor {

    private static final double T25_K = 298.15;
    private static final double KELVIN = 273.15;

    public BetaThermistor {
        if (!(r25Ohm > 0) || !(betaK > 0)) {
            throw new IllegalArgumentException("R25 and Beta must be positive");
        }
    }

    @Override
    public double temperatureDegC(double resistanceOhm) {
        return 1.0 / (1.0 / T25_K + Math.log(resistanceOhm / r25Ohm) / betaK) - KELVIN;
    }

    @Override
    public double resistanceOhm(double temperatureDegC) {
        return r25Ohm * Math.exp(betaK * (1.0 / (temperatureDegC + KELVIN) - 1.0 / T25_K));
    }
}
