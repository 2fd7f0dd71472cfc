package org.healbms.sim.device.mcp3208;

import java.util.Arrays;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SpiTarget;

/**
 * A Microchip MCP3208 on SPI: decodes the start, single-ended and channel bits of a 3-byte frame
 * and returns the 12-bit code of that input against the reference in the frame's last 12 bits, with
 * the undefined leading bits driven high as a floating line might. Faults: a dead chip (all 1s).
 */
public final class Mcp3208Emulator implements SpiTarget {

    private final String name;
    private final double referenceV;
    private final double[] inputsV = new double[8];
    private boolean dead;

    public Mcp3208Emulator(String name, double referenceV) {
        this.name = name;
        this.referenceV = referenceV;
    }

    public synchronized void setInput(int channel, double volts) {
        inputsV[channel] = volts;
    }

    public synchronized void setDead(boolean dead) {
        this.dead = dead;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void transfer(byte[] tx, byte[] rx) throws BusException {
        Arrays.fill(rx, (byte) 0xFF);
        if (dead || tx.length != 3 || (tx[0] & 0x04) == 0) {
            return; // no start bit: the chip stays idle and the line floats high
        }
        int channel = (tx[0] & 0x01) << 2 | (tx[1] & 0xC0) >> 6;
        long code = Math.clamp(Math.round(inputsV[channel] / referenceV * 4096), 0, 4095);
        rx[1] = (byte) (0xF0 | (int) (code >> 8));
        rx[2] = (byte) code;
    }
}
