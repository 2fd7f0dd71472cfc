package org.healbms.drivers.ltc681x;

/**
 * What one IC's configuration registers hold (fact sheet section 1, "Registers"): reference kept
 * on between conversions, GPIO pull-downs, under/overvoltage comparator thresholds, the cells whose
 * balancing switch is on, and the discharge timeout code. ADCOPT is not here: it belongs to the
 * chain's {@link AdcMode}, so the MD bits of a command and ADCOPT can never disagree.
 *
 * @param referenceOn       REFON: keeps the 3 V reference up, skipping its settling before each conversion
 * @param gpioPulldownsOff  bit k set = GPIO(k+1) pull-down off (the power-up default; needed to read it)
 * @param undervoltageVolts UV = (VUV + 1) x 1.6 mV
 * @param overvoltageVolts  OV = VOV x 1.6 mV
 * @param dischargeCells    bit k set = DCC(k+1) on, the balancing switch of cell k+1
 * @param dischargeTimeout  DCTO code 0..15 (0 = no timeout)
 */
public record IcConfiguration(
        boolean referenceOn,
        int gpioPulldownsOff,
        double undervoltageVolts,
        double overvoltageVolts,
        int dischargeCells,
        int dischargeTimeout) {

    /** One code step of VUV and VOV. */
    public static final double THRESHOLD_LSB_VOLTS = 0.0016;

    public static final int ALL_PULLDOWNS_OFF = 0x1FF;
    private static final int CODE_MAX = 0xFFF;

    public IcConfiguration {
        if (gpioPulldownsOff < 0 || gpioPulldownsOff > ALL_PULLDOWNS_OFF) {
            throw new IllegalArgumentException(
                    "GPIO pull-down mask 0x%X has bits beyond GPIO9".formatted(gpioPulldownsOff));
        }
        undervoltageCode(undervoltageVolts);
        overvoltageCode(overvoltageVolts);
        if (dischargeCells < 0 || dischargeCells >= 1 << 18) {
            throw new IllegalArgumentException("discharge mask 0x%X has bits beyond cell 18".formatted(dischargeCells));
        }
        if (dischargeTimeout < 0 || dischargeTimeout > 15) {
            throw new IllegalArgumentException("DCTO must be 0..15, was " + dischargeTimeout);
        }
    }

    /** Reference on, GPIO pull-downs off, no balancing, no discharge timeout. */
    public static IcConfiguration of(double undervoltageVolts, double overvoltageVolts) {
        return new IcConfiguration(true, ALL_PULLDOWNS_OFF, undervoltageVolts, overvoltageVolts, 0, 0);
    }

    /** The same configuration with exactly the given cells (1-based) balancing. */
    public IcConfiguration withDischarge(int... cells) {
        int mask = 0;
        for (int cell : cells) {
            if (cell < 1 || cell > 18) {
                throw new IllegalArgumentException("cell must be 1..18, was " + cell);
            }
            mask |= 1 << (cell - 1);
        }
        return new IcConfiguration(
                referenceOn, gpioPulldownsOff, undervoltageVolts, overvoltageVolts, mask, dischargeTimeout);
    }

    /** Whether the balancing switch of {@code cell} (1-based) is on. */
    public boolean discharging(int cell) {
        return (dischargeCells >> (cell - 1) & 1) != 0;
    }

    /** VUV, the nearest code to {@code volts} = (VUV + 1) x 1.6 mV. */
    public static int undervoltageCode(double volts) {
        long code = Math.round(volts / THRESHOLD_LSB_VOLTS) - 1;
        if (!(code >= 0 && code <= CODE_MAX)) {
            throw new IllegalArgumentException(
                    "undervoltage threshold %s V is outside 1.6 mV..6.5536 V".formatted(volts));
        }
        return (int) code;
    }

    /** VOV, the nearest code to {@code volts} = VOV x 1.6 mV. */
    public static int overvoltageCode(double volts) {
        long code = Math.round(volts / THRESHOLD_LSB_VOLTS);
        if (!(code >= 0 && code <= CODE_MAX)) {
            throw new IllegalArgumentException("overvoltage threshold %s V is outside 0..6.552 V".formatted(volts));
        }
        return (int) code;
    }
}
