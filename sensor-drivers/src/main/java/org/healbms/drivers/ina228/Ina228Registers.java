package org.healbms.drivers.ina228;

/** INA228 register addresses and the fixed scale factors of its datasheet (fact sheet §2). */
final class Ina228Registers {

    static final int CONFIG = 0x00;
    static final int ADC_CONFIG = 0x01;
    static final int SHUNT_CAL = 0x02;
    static final int VSHUNT = 0x04;
    static final int VBUS = 0x05;
    static final int DIETEMP = 0x06;
    static final int CURRENT = 0x07;
    static final int POWER = 0x08;
    static final int ENERGY = 0x09;
    static final int CHARGE = 0x0A;
    static final int DIAG_ALRT = 0x0B;
    static final int MANUFACTURER_ID = 0x3E;
    static final int DEVICE_ID = 0x3F;

    static final int TEXAS_INSTRUMENTS = 0x5449;
    static final int DEVICE_INA228 = 0x228;

    static final int CONFIG_RSTACC = 1 << 14;
    static final int CONFIG_ADCRANGE = 1 << 4;

    /** Continuous bus, shunt and temperature; 1052 us each; 16 averages (fact sheet: FB 6A). */
    static final int ADC_CONFIG_CONTINUOUS_1052US_AVG16 = 0xFB6A;

    static final double VSHUNT_LSB_V = 312.5e-9;
    static final double VSHUNT_LSB_V_ADCRANGE1 = 78.125e-9;
    static final double VBUS_LSB_V = 195.3125e-6;
    static final double DIETEMP_LSB_DEGC = 7.8125e-3;
    /** SHUNT_CAL = 13107.2e6 · CURRENT_LSB · R_shunt (×4 with ADCRANGE = 1). */
    static final double SHUNT_CAL_CONSTANT = 13107.2e6;

    private Ina228Registers() {}
}
