package org.healbms.drivers.ntc;

/** An NTC thermistor's resistance-temperature law. */
public interface Thermistor {

    double temperatureDegC(double resistanceOhm);

    double resistanceOhm(double temperatureDegC);
}
