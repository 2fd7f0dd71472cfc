package org.healbms.drivers.ads1115;

import java.time.Duration;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.I2cTarget;

/**
 * TI ADS1115 16-bit ADC over I2C, in single-shot mode: write the configuration with OS = 1, wait one
 * conversion (1/DR), poll OS until the conversion is done, read the signed result (fact sheet §3).
 */
public final class Ads1115 {

    /** Full-scale ranges of the PGA, V, by PGA code 0..5. */
    static final double[] FULL_SCALE_V = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256};
    /** Data rates, samples per second, by DR code 0..7. */
    static final int[] DATA_RATE_SPS = {8, 16, 32, 64, 128, 250, 475, 860};

    private final I2cTarget target;
    private final DeviceClock time;
    private final int pga;
    private final int dataRate;

    /**
     * @param pga      0..5 (±6.144 V .. ±0.256 V)
     * @param dataRate 0..7 (8 .. 860 SPS)
     */
    public Ads1115(I2cTarget target, DeviceClock time, int pga, int dataRate) {
        if (pga < 0 || pga > 5 || dataRate < 0 || dataRate > 7) {
            throw new IllegalArgumentException("PGA must be 0..5 and data rate 0..7, got " + pga + " and " + dataRate);
        }
        this.target = target;
        this.time = time;
        this.pga = pga;
        this.dataRate = dataRate;
    }

    /** The configuration word for a single-shot conversion of input {@code channel} against ground. */
    public int configuration(int channel) {
        if (channel < 0 || channel > 3) {
            throw new IllegalArgumentException("ADS1115 input must be 0..3, got " + channel);
        }
        // OS=1 start | MUX=1xx (AINx vs GND) | PGA | MODE=1 single shot | DR | comparator off (QUE=11)
        return 1 << 15 | (0b100 | channel) << 12 | pga << 9 | 1 << 8 | dataRate << 5 | 0b11;
    }

    public double fullScaleV() {
        return FULL_SCALE_V[pga];
    }

    /** One conversion of input {@code channel} against ground, V. */
    public double readSingleEnded(int channel) throws BusException {
        int config = configuration(channel);
        target.write((byte) 0x01, (byte) (config >> 8), (byte) config);
        long conversionNanos = 1_000_000_000L / DATA_RATE_SPS[dataRate];
        long deadline = time.nanoTime() + 3 * conversionNanos + 10_000_000L;
        try {
            // The datasheet's conversion time, with 10 % for the oscillator's tolerance.
            time.sleep(Duration.ofNanos(conversionNanos + conversionNanos / 10));
            while (true) {
                byte[] c = new byte[2];
                target.writeThenRead(new byte[] {0x01}, c);
                if ((c[0] & 0x80) != 0) {
                    break;
                }
                if (time.nanoTime() > deadline) {
                    throw new BusException(target.name() + ": conversion did not finish (OS still 0)");
                }
                time.sleep(Duration.ofNanos(conversionNanos / 10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(target.name() + ": interrupted while converting", e);
        }
        byte[] result = new byte[2];
        target.writeThenRead(new byte[] {0x00}, result);
        short code = (short) ((result[0] & 0xFF) << 8 | (result[1] & 0xFF));
        return code * fullScaleV() / 32768.0;
    }
}
