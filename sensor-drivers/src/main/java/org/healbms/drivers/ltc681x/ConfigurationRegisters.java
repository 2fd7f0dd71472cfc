package org.healbms.drivers.ltc681x;

/**
 * Packs an {@link IcConfiguration} into CFGRA (and the LTC6813's CFGRB) and unpacks a readback.
 *
 * <p>CFGRA (fact sheet section 1): CFGR0 = GPIO5..1 (b7..3) | REFON b2 | DTEN b1 | ADCOPT b0;
 * CFGR1 = VUV[7:0]; CFGR2 = VOV[3:0] << 4 | VUV[11:8]; CFGR3 = VOV[11:4]; CFGR4 = DCC8..1;
 * CFGR5 = DCTO << 4 | DCC12..9. DTEN is read-only (it mirrors the DTEN pin) and written 0.
 *
 * <p>CFGRB (LTC6813 datasheet, not in the fact sheet): CFGRB0 = DCC16..13 (b7..4) | GPIO9..6
 * (b3..0); CFGRB1 = RSVD b7 | FDRF b6 | PS b5..4 | DTMEN b3 | DCC0 b2 | DCC18 b1 | DCC17 b0;
 * CFGRB2..5 reserved. FDRF, PS, DTMEN and DCC0 are written 0 (normal operation).
 */
public final class ConfigurationRegisters {

    private ConfigurationRegisters() {}

    public static byte[] groupA(IcConfiguration config, boolean adcOpt, Ltc681xVariant variant) {
        if (config.dischargeCells() >= 1 << variant.cellCount()) {
            throw new IllegalArgumentException("discharge mask 0x%X names cells beyond the %d of an %s"
                    .formatted(config.dischargeCells(), variant.cellCount(), variant));
        }
        int vuv = IcConfiguration.undervoltageCode(config.undervoltageVolts());
        int vov = IcConfiguration.overvoltageCode(config.overvoltageVolts());
        int dcc = config.dischargeCells();
        return new byte[] {
            (byte) ((config.gpioPulldownsOff() & 0x1F) << 3 | (config.referenceOn() ? 0x04 : 0) | (adcOpt ? 0x01 : 0)),
            (byte) vuv,
            (byte) ((vov & 0x0F) << 4 | vuv >> 8),
            (byte) (vov >> 4),
            (byte) dcc,
            (byte) (config.dischargeTimeout() << 4 | (dcc >> 8 & 0x0F)),
        };
    }

    /** CFGRB of an LTC6813. */
    public static byte[] groupB(IcConfiguration config) {
        int dcc = config.dischargeCells();
        return new byte[] {
            (byte) ((dcc >> 12 & 0x0F) << 4 | (config.gpioPulldownsOff() >> 5 & 0x0F)),
            (byte) (dcc >> 16 & 0x03),
            0,
            0,
            0,
            0,
        };
    }

    /** Unpacks CFGRA and, for an LTC6813, CFGRB ({@code groupB} is ignored for an LTC6811). */
    public static ConfigurationReadback decode(int ic, byte[] groupA, byte[] groupB, Ltc681xVariant variant) {
        int[] a = unsigned(groupA);
        int vuv = (a[2] & 0x0F) << 8 | a[1];
        int vov = a[3] << 4 | a[2] >> 4;
        int gpio = a[0] >> 3;
        int dcc = (a[5] & 0x0F) << 8 | a[4];
        if (variant.hasConfigurationB()) {
            int[] b = unsigned(groupB);
            gpio |= (b[0] & 0x0F) << 5;
            dcc |= (b[0] >> 4) << 12 | (b[1] & 0x03) << 16;
        }
        IcConfiguration config = new IcConfiguration(
                (a[0] & 0x04) != 0,
                gpio,
                (vuv + 1) * IcConfiguration.THRESHOLD_LSB_VOLTS,
                vov * IcConfiguration.THRESHOLD_LSB_VOLTS,
                dcc,
                a[5] >> 4);
        return new ConfigurationReadback(ic, config, (a[0] & 0x01) != 0);
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return values;
    }
}
