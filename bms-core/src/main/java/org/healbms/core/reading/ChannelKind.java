package org.healbms.core.reading;

/**
 * What a channel measures, with its unit (as in BDF column labels) and the range a working sensor
 * can report. A value outside that range is a measurement problem, not a cell state, and is flagged
 * {@link Quality#OUT_OF_RANGE}; protection limits, which are much tighter, live elsewhere.
 */
public enum ChannelKind {
    CELL_VOLTAGE("Voltage", "V", -0.5, 5.5),
    PACK_VOLTAGE("Pack Voltage", "V", -1.0, 1000.0),
    PACK_CURRENT("Current", "A", -2000.0, 2000.0),
    TEMPERATURE("Temperature", "degC", -55.0, 150.0),
    STRAIN("Strain", "1", -0.05, 0.05),
    FBG_WAVELENGTH("FBG Wavelength", "nm", 1460.0, 1620.0),
    CHARGE("Net Charge", "Ah", -1e6, 1e6);

    private final String quantity;
    private final String unit;
    private final double plausibleMin;
    private final double plausibleMax;

    ChannelKind(String quantity, String unit, double plausibleMin, double plausibleMax) {
        this.quantity = quantity;
        this.unit = unit;
        this.plausibleMin = plausibleMin;
        this.plausibleMax = plausibleMax;
    }

    public String quantity() {
        return quantity;
    }

    public String unit() {
        return unit;
    }

    public boolean plausible(double value) {
        return value >= plausibleMin && value <= plausibleMax;
    }
}
