package org.healbms.drivers.ad5941;

import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SpiTarget;

/**
 * The AD5940/AD5941 SPI register protocol (fact sheet §5; datasheet "SPI interface"). Every access is
 * two chip-select frames: {@code 20 AH AL} sets the address, then {@code 2D} + data writes it or
 * {@code 6D 00} + data reads it, where the {@code 00} is a dummy byte the chip needs before it drives
 * MISO. Registers 0x1000–0x3014 carry 32 data bits, all others 16, MSB first.
 */
final class RegisterPort {

    static final byte SET_ADDRESS = 0x20;
    static final byte WRITE = 0x2D;
    static final byte READ = 0x6D;

    private final SpiTarget target;

    RegisterPort(SpiTarget target) {
        this.target = target;
    }

    String name() {
        return target.name();
    }

    static boolean is32Bit(int address) {
        return address >= 0x1000 && address <= 0x3014;
    }

    void write(int address, int value) throws BusException {
        setAddress(address);
        int width = dataBytes(address);
        byte[] frame = new byte[1 + width];
        frame[0] = WRITE;
        for (int i = 0; i < width; i++) {
            frame[1 + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
        target.transfer(frame);
    }

    /** The register's value, zero-extended (16-bit registers return 0..0xFFFF). */
    int read(int address) throws BusException {
        setAddress(address);
        int width = dataBytes(address);
        byte[] frame = new byte[2 + width];
        frame[0] = READ;
        byte[] reply = target.transfer(frame);
        int value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 8) | (reply[2 + i] & 0xFF);
        }
        return value;
    }

    private void setAddress(int address) throws BusException {
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("AD5941 register address out of range: " + address);
        }
        target.transfer(SET_ADDRESS, (byte) (address >>> 8), (byte) address);
    }

    private static int dataBytes(int address) {
        return is32Bit(address) ? 4 : 2;
    }
}
