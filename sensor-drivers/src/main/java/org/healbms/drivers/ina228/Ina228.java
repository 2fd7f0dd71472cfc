package org.healbms.drivers.ina228;

import static org.healbms.drivers.ina228.Ina228Registers.*;

import java.util.EnumSet;
import java.util.Set;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.I2cTarget;

/**
 * TI INA228 pack-current monitor over I2C: identity check, SHUNT_CAL from the shunt and the largest
 * current, continuous conversion, and register decoding. Multi-byte registers are big-endian; the
 * 20-bit results sit in bits 23..4 and CURRENT and VSHUNT are two's complement (a known pitfall of
 * public libraries, fact sheet §7), CHARGE is a signed 40-bit accumulator.
 */
public final class Ina228 {

    private final I2cTarget target;
    private final double shuntOhm;
    private final boolean lowRange;
    private final double currentLsbA;
    private final int shuntCal;

    /**
     * @param lowRange ADCRANGE = 1 (±40.96 mV full scale, 4× finer) for shunts that drop little
     */
    public Ina228(I2cTarget target, double shuntOhm, double maxCurrentA, boolean lowRange) {
        if (!(shuntOhm > 0) || !(maxCurrentA > 0)) {
            throw new IllegalArgumentException("shunt resistance and maximum current must be positive");
        }
        this.target = target;
        this.shuntOhm = shuntOhm;
        this.lowRange = lowRange;
        this.currentLsbA = maxCurrentA / (1 << 19);
        long cal = Math.round(SHUNT_CAL_CONSTANT * currentLsbA * shuntOhm * (lowRange ? 4 : 1));
        if (cal < 1 || cal > 0x7FFF) {
            throw new IllegalArgumentException("SHUNT_CAL " + cal + " for " + shuntOhm + " ohm and " + maxCurrentA
                    + " A does not fit 15 bits: choose another shunt or range");
        }
        this.shuntCal = (int) cal;
    }

    public double currentLsbA() {
        return currentLsbA;
    }

    public int shuntCal() {
        return shuntCal;
    }

    /** Checks the identity, then configures: range, continuous averaged conversions, SHUNT_CAL. */
    public void initialise() throws BusException {
        int manufacturer = read16(MANUFACTURER_ID);
        int device = read16(DEVICE_ID);
        if (manufacturer != TEXAS_INSTRUMENTS || device >> 4 != DEVICE_INA228) {
            throw new BusException(target.name()
                    + ": not an INA228 (manufacturer 0x%04X, device 0x%04X)".formatted(manufacturer, device));
        }
        write16(CONFIG, lowRange ? CONFIG_ADCRANGE : 0);
        write16(ADC_CONFIG, ADC_CONFIG_CONTINUOUS_1052US_AVG16);
        write16(SHUNT_CAL, shuntCal);
        int readBack = read16(SHUNT_CAL);
        if (readBack != shuntCal) {
            throw new BusException(
                    target.name() + ": SHUNT_CAL reads back 0x%04X, wrote 0x%04X".formatted(readBack, shuntCal));
        }
    }

    /** Zeroes the energy and charge accumulators. */
    public void resetAccumulators() throws BusException {
        write16(CONFIG, (lowRange ? CONFIG_ADCRANGE : 0) | CONFIG_RSTACC);
    }

    public Ina228Reading read() throws BusException {
        double vshuntLsb = lowRange ? VSHUNT_LSB_V_ADCRANGE1 : VSHUNT_LSB_V;
        double current = signed20(read(CURRENT, 3)) * currentLsbA;
        double vshunt = signed20(read(VSHUNT, 3)) * vshuntLsb;
        double vbus = (unsigned(read(VBUS, 3)) >> 4) * VBUS_LSB_V;
        double power = unsigned(read(POWER, 3)) * 3.2 * currentLsbA;
        double energy = unsigned(read(ENERGY, 5)) * 51.2 * currentLsbA;
        double charge = signed40(read(CHARGE, 5)) * currentLsbA;
        double die = (short) read16(DIETEMP) * DIETEMP_LSB_DEGC;
        int diag = read16(DIAG_ALRT);
        Set<Ina228Diagnostic> flags = EnumSet.noneOf(Ina228Diagnostic.class);
        for (Ina228Diagnostic d : Ina228Diagnostic.values()) {
            // MEMSTAT reads 1 when the trim memory is fine: its fault is a 0.
            boolean set = (diag >> d.bit & 1) == 1;
            if (d == Ina228Diagnostic.MEMORY_CHECKSUM_ERROR ? !set : set) {
                flags.add(d);
            }
        }
        return new Ina228Reading(current, vshunt, vbus, power, energy, charge, die, flags);
    }

    private byte[] read(int register, int bytes) throws BusException {
        byte[] data = new byte[bytes];
        target.writeThenRead(new byte[] {(byte) register}, data);
        return data;
    }

    private int read16(int register) throws BusException {
        return (int) unsigned(read(register, 2));
    }

    private void write16(int register, int value) throws BusException {
        target.write((byte) register, (byte) (value >> 8), (byte) value);
    }

    static long unsigned(byte[] bytes) {
        long v = 0;
        for (byte b : bytes) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    /** Bits 23..4 of a 24-bit register as a signed 20-bit number. */
    static long signed20(byte[] bytes) {
        long raw = unsigned(bytes) >> 4;
        return raw >= 1 << 19 ? raw - (1 << 20) : raw;
    }

    static long signed40(byte[] bytes) {
        long raw = unsigned(bytes);
        return raw >= 1L << 39 ? raw - (1L << 40) : raw;
    }
}
