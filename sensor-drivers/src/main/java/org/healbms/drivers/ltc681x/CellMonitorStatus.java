package org.healbms.drivers.ltc681x;

/**
 * One IC's STATA group: sum of its cells, die temperature and analog supply (fact sheet section 1).
 * A field whose register reads 0xFFFF (no data) is NaN.
 *
 * @param dieTemperatureCode raw ITMP, kept to debug a board (its scale differs per variant)
 */
public record CellMonitorStatus(
        int ic,
        double sumOfCellsVolts,
        double dieTemperatureCelsius,
        double analogSupplyVolts,
        int dieTemperatureCode) {

    static CellMonitorStatus decode(int ic, byte[] stata, Ltc681xVariant variant) {
        int sc = CellVoltages.littleEndian(stata, 0);
        int itmp = CellVoltages.littleEndian(stata, 2);
        int va = CellVoltages.littleEndian(stata, 4);
        return new CellMonitorStatus(
                ic,
                sc == CellVoltages.NO_DATA ? Double.NaN : variant.sumOfCellsVolts(sc),
                itmp == CellVoltages.NO_DATA ? Double.NaN : variant.dieTemperatureCelsius(itmp),
                va == CellVoltages.NO_DATA ? Double.NaN : va * CellVoltages.VOLTS_PER_LSB,
                itmp);
    }
}
