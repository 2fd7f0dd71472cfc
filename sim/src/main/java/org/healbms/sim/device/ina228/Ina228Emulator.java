package org.healbms.sim.device.ina228;

import java.util.function.LongSupplier;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.I2cTarget;

/**
 * A TI INA228 on the I2C bus: its register map, the arithmetic the chip does (CURRENT from VSHUNT and
 * SHUNT_CAL, so a wrong SHUNT_CAL gives a wrong current, as on the real part), POWER, and the ENERGY
 * and CHARGE accumulators integrating on an injected clock. Faults: no acknowledge, a shunt
 * over-limit, a trim-memory checksum error.
 */
public final class Ina228Emulator implements I2cTarget {

    private static final double VSHUNT_LSB = 312.5e-9;
    private static final double VBUS_LSB = 195.3125e-6;

    private final String name;
    private final double shuntOhm;
    private final LongSupplier nanoTime;
    private final int[] registers16 = new int[0x40];
    private double currentA;
    private double busVoltageV;
    private double dieTemperatureDegC = 25.0;
    private long vshuntRaw;
    private double chargeRaw;
    private double energyRaw;
    private long lastNanos;
    private int pointer;
    private boolean silent;
    private boolean memoryError;

    public Ina228Emulator(String name, double shuntOhm, LongSupplier nanoTime) {
        this.name = name;
        this.shuntOhm = shuntOhm;
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
        registers16[0x01] = 0xFB68; // ADC_CONFIG reset value
        registers16[0x3E] = 0x5449;
        registers16[0x3F] = 0x2281;
    }

    /** The physics: current through the shunt (+ = charge) and the bus voltage. */
    public synchronized void set(double current, double busVoltage) {
        accumulate();
        this.currentA = current;
        this.busVoltageV = busVoltage;
    }

    public synchronized void setDieTemperature(double degC) {
        this.dieTemperatureDegC = degC;
    }

    public synchronized void setSilent(boolean silent) {
        this.silent = silent;
    }

    public synchronized void setMemoryError(boolean error) {
        this.memoryError = error;
    }

    private boolean lowRange() {
        return (registers16[0x00] & 1 << 4) != 0;
    }

    /** Integrates charge and energy up to now, at the current the chip has been measuring. */
    private void accumulate() {
        long now = nanoTime.getAsLong();
        double dt = (now - lastNanos) / 1e9;
        lastNanos = now;
        int cal = registers16[0x02] & 0x7FFF;
        if (cal == 0 || dt <= 0) {
            return;
        }
        chargeRaw += currentRaw() * dt;
        energyRaw += Math.abs(powerRaw()) * dt / 16.0; // E = 51.2·LSB·raw, P = 3.2·LSB·raw
    }

    private long shuntRaw() {
        double lsb = lowRange() ? VSHUNT_LSB / 4 : VSHUNT_LSB;
        long raw = Math.round(currentA * shuntOhm / lsb);
        return Math.clamp(raw, -(1L << 19), (1L << 19) - 1);
    }

    private long currentRaw() {
        int cal = registers16[0x02] & 0x7FFF;
        if (cal == 0) {
            return 0;
        }
        // CURRENT = VSHUNT · 4096 / SHUNT_CAL in either range (the x4 of ADCRANGE=1 is in SHUNT_CAL).
        long raw = Math.round(shuntRaw() * 4096.0 / cal);
        return Math.clamp(raw, -(1L << 19), (1L << 19) - 1);
    }

    private long powerRaw() {
        // P = |I| · VBUS, in units of 3.2·CURRENT_LSB; with CURRENT_LSB = 1/(13107.2e6·R/CAL).
        int cal = registers16[0x02] & 0x7FFF;
        double currentLsb = cal / (13107.2e6 * shuntOhm * (lowRange() ? 4 : 1));
        return Math.round(Math.abs(currentRaw() * currentLsb) * busVoltageV / (3.2 * currentLsb));
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
            pointer = write[0] & 0xFF;
        }
        if (write.length == 3) {
            int value = (write[1] & 0xFF) << 8 | (write[2] & 0xFF);
            if (pointer == 0x00 && (value & 1 << 14) != 0) {
                chargeRaw = 0;
                energyRaw = 0;
                value &= ~(1 << 14); // RSTACC clears itself
            }
            if (pointer < registers16.length && pointer != 0x3E && pointer != 0x3F) {
                accumulate();
                registers16[pointer] = value;
            }
        }
        if (read.length > 0) {
            accumulate();
            fill(read, value(pointer, read.length));
        }
    }

    private long value(int register, int bytes) throws BusException {
        return switch (register) {
            case 0x04 -> (shuntRaw() & 0xFFFFF) << 4;
            case 0x05 -> Math.max(0, Math.round(busVoltageV / VBUS_LSB)) << 4;
            case 0x06 -> Math.round(dieTemperatureDegC / 7.8125e-3) & 0xFFFF;
            case 0x07 -> (currentRaw() & 0xFFFFF) << 4;
            case 0x08 -> powerRaw() & 0xFFFFFF;
            case 0x09 -> Math.round(energyRaw) & 0xFF_FFFF_FFFFL;
            case 0x0A -> Math.round(chargeRaw) & 0xFF_FFFF_FFFFL;
            case 0x0B -> diagnostics();
            default -> registers16[register];
        };
    }

    private int diagnostics() {
        int flags = memoryError ? 0 : 1; // MEMSTAT: 1 = trim memory fine
        if (Math.abs(shuntRaw()) >= (1L << 19) - 1) {
            flags |= 1 << 6; // SHNTOL
        }
        if (Math.abs(chargeRaw) >= 1L << 39) {
            flags |= 1 << 10;
        }
        return flags | 1 << 1; // CNVRF: continuous mode always has a fresh result
    }

    private static void fill(byte[] read, long value) {
        for (int i = 0; i < read.length; i++) {
            read[i] = (byte) (value >> 8 * (read.length - 1 - i));
        }
    }
}
