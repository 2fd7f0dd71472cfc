package org.healbms.drivers.bus;

/**
 * One device at one address on an I2C bus. The single operation mirrors Pi4J's
 * {@code SerialCircuitIO.writeThenRead}: write the bytes, then (with a repeated start) read
 * {@code read.length} bytes. Register reads are {@code writeThenRead({reg}, buffer)}; register
 * writes are {@code write(reg, msb, lsb)}.
 */
public interface I2cTarget {

    /** Where the device sits, for error messages, e.g. {@code "i2c-1@0x40"}. */
    String name();

    void writeThenRead(byte[] write, byte[] read) throws BusException;

    default void write(byte... data) throws BusException {
        writeThenRead(data, new byte[0]);
    }
}
