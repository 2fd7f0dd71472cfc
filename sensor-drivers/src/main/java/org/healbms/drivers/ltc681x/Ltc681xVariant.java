package org.healbms.drivers.ltc681x;

import java.util.List;

/**
 * Which chip the chain is built from. The LTC6813-1 is the 18-cell superset of the LTC6811-1: two
 * more cell-voltage groups (E, F), two more auxiliary groups (C, D: GPIO6..9), a second configuration
 * group (CFGRB) and different scales for the sum of cells and the die temperature (fact sheet
 * section 1, "Registers"). One chain holds one variant.
 */
public enum Ltc681xVariant {
    LTC6811(
            12,
            5,
            0.002,
            0.0075,
            273.0,
            List.of(RegisterGroup.CVA, RegisterGroup.CVB, RegisterGroup.CVC, RegisterGroup.CVD),
            List.of(RegisterGroup.AUXA, RegisterGroup.AUXB)),

    LTC6813(
            18,
            9,
            0.003,
            0.0076,
            276.0,
            List.of(
                    RegisterGroup.CVA,
                    RegisterGroup.CVB,
                    RegisterGroup.CVC,
                    RegisterGroup.CVD,
                    RegisterGroup.CVE,
                    RegisterGroup.CVF),
            // AUXC/AUXD (GPIO6..9) are datasheet commands RDAUXC 0x00D / RDAUXD 0x00F; the fact
            // sheet lists only A and B.
            List.of(RegisterGroup.AUXA, RegisterGroup.AUXB, RegisterGroup.AUXC, RegisterGroup.AUXD));

    private final int cellCount;
    private final int gpioCount;
    private final double sumOfCellsLsbVolts;
    private final double dieTemperatureVoltsPerKelvin;
    private final double dieTemperatureOffsetCelsius;
    private final List<RegisterGroup> cellGroups;
    private final List<RegisterGroup> auxGroups;

    Ltc681xVariant(
            int cellCount,
            int gpioCount,
            double sumOfCellsLsbVolts,
            double dieTemperatureVoltsPerKelvin,
            double dieTemperatureOffsetCelsius,
            List<RegisterGroup> cellGroups,
            List<RegisterGroup> auxGroups) {
        this.cellCount = cellCount;
        this.gpioCount = gpioCount;
        this.sumOfCellsLsbVolts = sumOfCellsLsbVolts;
        this.dieTemperatureVoltsPerKelvin = dieTemperatureVoltsPerKelvin;
        this.dieTemperatureOffsetCelsius = dieTemperatureOffsetCelsius;
        this.cellGroups = cellGroups;
        this.auxGroups = auxGroups;
    }

    public int cellCount() {
        return cellCount;
    }

    public int gpioCount() {
        return gpioCount;
    }

    /** Cell-voltage register groups in cell order (3 cells each). */
    public List<RegisterGroup> cellGroups() {
        return cellGroups;
    }

    /** Auxiliary register groups in order (GPIO1..3, GPIO4, GPIO5, Vref2, then GPIO6..9 on the LTC6813). */
    public List<RegisterGroup> auxGroups() {
        return auxGroups;
    }

    /** Only the LTC6813 has CFGRB (DCC13..18, GPIO6..9). */
    public boolean hasConfigurationB() {
        return this == LTC6813;
    }

    /** STATA SC code to volts: SC x 20 x 100 uV on the LTC6811, SC x 30 x 100 uV on the LTC6813. */
    public double sumOfCellsVolts(int code) {
        return code * sumOfCellsLsbVolts;
    }

    /** STATA ITMP code to degC: ITMP x 100 uV / 7.5 mV - 273 (LTC6813: / 7.6 mV - 276). */
    public double dieTemperatureCelsius(int code) {
        return code * CellVoltages.VOLTS_PER_LSB / dieTemperatureVoltsPerKelvin - dieTemperatureOffsetCelsius;
    }
}
