package org.healbms.drivers.bus;

/**
 * One device on one chip select of an SPI bus. Full duplex, with chip select held for the whole
 * buffer: some chips answer while the command is still being clocked in (the MCP3208 returns its
 * code in the last bytes of the same transfer), so write-then-read is not enough here.
 */
public interface SpiTarget {

    /** Where the device sits, for error messages, e.g. {@code "spi-0.1"}. */
    String name();

    /** Clocks out {@code tx} and fills {@code rx}, which must have the same length. */
    void transfer(byte[] tx, byte[] rx) throws BusException;

    /** Convenience: a transfer whose reply is returned. */
    default byte[] transfer(byte... tx) throws BusException {
        byte[] rx = new byte[tx.length];
        transfer(tx, rx);
        return rx;
    }
}
