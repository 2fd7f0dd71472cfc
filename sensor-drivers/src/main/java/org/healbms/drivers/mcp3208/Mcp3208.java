package org.healbms.drivers.mcp3208;

import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SpiTarget;

/**
 * Microchip MCP3208 8-channel 12-bit ADC over SPI (mode 0). One 3-byte full-duplex transfer per
 * conversion: start bit, single-ended bit and the channel in the first two bytes, and the 12-bit code
 * in the low nibble of the second reply byte and the third (fact sheet §3; pi4j-drivers gets this
 * framing wrong, §7).
 */
public final class Mcp3208 {

    public static final int FULL_SCALE_CODES = 4096;

    private final SpiTarget target;

    public Mcp3208(SpiTarget target) {
        this.target = target;
    }

    /** The transmit frame for a single-ended conversion of {@code channel}. */
    public static byte[] frame(int channel) {
        if (channel < 0 || channel > 7) {
            throw new IllegalArgumentException("MCP3208 channel must be 0..7, got " + channel);
        }
        return new byte[] {(byte) (0x06 | channel >> 2), (byte) ((channel & 3) << 6), 0};
    }

    /** One conversion, as the raw 12-bit code (ratiometric to the reference). */
    public int readCode(int channel) throws BusException {
        byte[] rx = target.transfer(frame(channel));
        // The chip drives a null bit before B11; anything above the 12 bits is undefined, not zero.
        return (rx[1] & 0x0F) << 8 | (rx[2] & 0xFF);
    }
}
