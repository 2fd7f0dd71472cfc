package org.healbms.io.trace;

/** Preferred column labels of the Battery Data Format that HealBMS reads and writes. */
public final class BdfLabels {
    public static final String TEST_TIME = "Test Time / s";
    public static final String VOLTAGE = "Voltage / V";
    public static final String CURRENT = "Current / A";
    public static final String SURFACE_TEMPERATURE_T1 = "Surface Temperature T1 / degC";
    public static final String AMBIENT_TEMPERATURE = "Ambient Temperature / degC";
    public static final String NET_CAPACITY = "Net Capacity / Ah";
    public static final String POWER = "Power / W";
    public static final String HOOP_STRAIN = "Hoop Strain / 1";

    private BdfLabels() {}

    /** BDF quantity labels read "Name / unit"; a column without a unit is carried as text. */
    static boolean isQuantity(String label) {
        return label.contains(" / ");
    }
}
