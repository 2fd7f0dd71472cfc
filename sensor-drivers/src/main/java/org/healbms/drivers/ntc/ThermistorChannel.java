package org.healbms.drivers.ntc;

import org.healbms.drivers.acquisition.Calibration;

/** One thermistor input of an ADC: where the NTC sits and which cell it belongs to (0 = none). */
public record ThermistorChannel(int input, String name, int cell, Calibration calibration) {}
