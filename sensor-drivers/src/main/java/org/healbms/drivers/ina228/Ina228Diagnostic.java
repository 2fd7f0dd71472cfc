package org.healbms.drivers.ina228;

/** DIAG_ALRT flags (bit numbers from the datasheet, fact sheet §2). */
public enum Ina228Diagnostic {
    MEMORY_CHECKSUM_ERROR(0),
    CONVERSION_READY(1),
    POWER_OVER_LIMIT(2),
    BUS_UNDER_LIMIT(3),
    BUS_OVER_LIMIT(4),
    SHUNT_UNDER_LIMIT(5),
    SHUNT_OVER_LIMIT(6),
    TEMPERATURE_OVER_LIMIT(7),
    MATH_OVERFLOW(9),
    CHARGE_OVERFLOW(10),
    ENERGY_OVERFLOW(11);

    final int bit;

    Ina228Diagnostic(int bit) {
        this.bit = bit;
    }
}
