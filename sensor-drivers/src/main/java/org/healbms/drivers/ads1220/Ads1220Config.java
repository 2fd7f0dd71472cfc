package org.healbms.drivers.ads1220;

/**
 * The four configuration registers of a TI ADS1220 (fact sheet §4), as fields.
 *
 * @param mux         R0[7:4]: 0b0011 = AIN1 − AIN2 (a bridge's output)
 * @param gainCode    R0[3:1]: gain 2^code, 0..7 (1..128)
 * @param dataRate    R1[7:5]: 0..6 = 20, 45, 90, 175, 330, 600, 1000 SPS (normal mode)
 * @param continuous  R1[2] CM
 * @param burnOut     R1[0] BCS: 10 uA burn-out sources that drive an open bridge to full scale
 * @param vref        R2[7:6]: 0b01 = REFP0/REFN0, the bridge excitation (ratiometric)
 * @param rejection   R2[5:4]: 0b01 = 50 and 60 Hz
 */
public record Ads1220Config(
        int mux,
        int gainCode,
        boolean pgaBypass,
        int dataRate,
        boolean continuous,
        boolean burnOut,
        int vref,
        int rejection) {

    static final int[] DATA_RATE_SPS = {20, 45, 90, 175, 330, 600, 1000};

    public Ads1220Config {
        if (mux < 0
                || mux > 15
                || gainCode < 0
                || gainCode > 7
                || dataRate < 0
                || dataRate > 6
                || vref < 0
                || vref > 3
                || rejection < 0
                || rejection > 3) {
            throw new IllegalArgumentException("ADS1220 configuration field out of range");
        }
    }

    /** A bridge on AIN1/AIN2, ratiometric to REFP0/REFN0, continuous, 50/60 Hz rejection (fact sheet sequence). */
    public static Ads1220Config bridge(int gain, int dataRate, boolean burnOut) {
        if (Integer.bitCount(gain) != 1 || gain > 128) {
            throw new IllegalArgumentException("ADS1220 gain must be 1, 2, 4, ..., 128, got " + gain);
        }
        return new Ads1220Config(
                0b0011, Integer.numberOfTrailingZeros(gain), false, dataRate, true, burnOut, 0b01, 0b01);
    }

    public int gain() {
        return 1 << gainCode;
    }

    public int samplesPerSecond() {
        return DATA_RATE_SPS[dataRate];
    }

    /** Register bytes R0..R3. */
    public byte[] registers() {
        return new byte[] {
            (byte) (mux << 4 | gainCode << 1 | (pgaBypass ? 1 : 0)),
            (byte) (dataRate << 5 | (continuous ? 1 << 2 : 0) | (burnOut ? 1 : 0)),
            (byte) (vref << 6 | rejection << 4),
            0
        };
    }
}
