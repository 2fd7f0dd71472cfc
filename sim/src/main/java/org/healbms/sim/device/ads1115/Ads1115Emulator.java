package org.healbms.sim.device.ads1115;

import java.util.function.LongSupplier;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.I2cTarget;

/**
 * A TI ADS1115 on the I2C bus: the pointer, config and conversion registers; a single-shot
 * conversion started by OS = 1 completes 1/DR later on the injected clock (OS reads 0 until then),
 * on the input the MUX selects, scaled by the PGA and clipped at full scale. Faults: no acknowledge.
 */
public final class Ads1115Emulator implements I2cTarget {

    private static final double[] FULL_SCALE_V = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256};
    private static final int[] DATA_RATE_SPS = {8, 16, 32, 64, 128, 250, 475, 860};

    private final String name;
    private final LongSupplier nanoTime;
    private final double[] inputsV = new double[4];
    private int pointer;
    private int config = 0x8583; // power-on default
    private int conversion;
    private long readyAt = Long.MIN_VALUE;
    private boolean silent;

    public Ads1115Emulator(String name, LongSupplier nanoTime) {
        this.name = name;
        this.nanoTime = nanoTime;
    }

    public synchronized void setInput(int channel, double volts) {
        inputsV[channel] = volts;
    }

    public synchronized void setSilent(boolean silent) {
        this.silent = silent;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void writeThenRead(byte[] write, byte[] read) throws BusException {
        if (silent) {
            throw new BusException(name + ": no acknowledge");
        }
        if (write.length >= 1) {
            pointer = write[0] & 0x03;
        }
        if (write.length == 3 && pointer == 1) {
            config = (write[1] & 0xFF) << 8 | (write[2] & 0xFF);
            if ((config & 0x8000) != 0) {
                int rate = DATA_RATE_SPS[config >> 5 & 7];
                readyAt = nanoTime.getAsLong() + 1_000_000_000L / rate;
                conversion = convert();
            }
        }
        if (read.length == 2) {
            int value;
            if (pointer == 1) {
                boolean busy = readyAt != Long.MIN_VALUE && nanoTime.getAsLong() < readyAt;
                value = busy ? config & 0x7FFF : config | 0x8000;
            } else if (pointer == 0) {
                value = conversion;
            } else {
                value = pointer == 2 ? 0x8000 : 0x7FFF;
            }
            read[0] = (byte) (value >> 8);
            read[1] = (byte) value;
        }
    }

    private int convert() {
        int mux = config >> 12 & 7;
        double v = mux >= 4 ? inputsV[mux - 4] : inputsV[0] - inputsV[mux == 0 ? 1 : 3];
        double fs = FULL_SCALE_V[config >> 9 & 7];
        long code = Math.round(v / fs * 32768);
        return (int) Math.clamp(code, -32768, 32767) & 0xFFFF;
    }
}
