package org.healbms.drivers.ad5941;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SpiTarget;

/**
 * A scripted AD5941 for byte-level tests: records every frame, keeps written registers, and answers
 * reads from them, with DFT results chosen by the last SWMUX write and a DFT-ready flag the test sets.
 */
final class ScriptedAfe implements SpiTarget {

    final List<String> frames = new ArrayList<>();
    final Map<Integer, Integer> registers = new HashMap<>();
    int[] rcalDft = {0, 0};
    int[] cellDft = {0, 0};
    boolean dftReady = true;
    private int address;

    ScriptedAfe() {
        registers.put(0x0400, 0x4144);
        registers.put(0x0404, 0x5502);
    }

    @Override
    public String name() {
        return "spi-0.0";
    }

    @Override
    public void transfer(byte[] tx, byte[] rx) throws BusException {
        frames.add(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(tx));
        int width = RegisterPort.is32Bit(address) ? 4 : 2;
        switch (tx[0]) {
            case 0x20 -> address = (tx[1] & 0xFF) << 8 | tx[2] & 0xFF;
            case 0x2D -> {
                int value = 0;
                for (int i = 1; i < tx.length; i++) {
                    value = value << 8 | tx[i] & 0xFF;
                }
                registers.put(address, value);
            }
            case 0x6D -> {
                int value = valueOf(address);
                for (int i = 0; i < width; i++) {
                    rx[2 + i] = (byte) (value >>> (8 * (width - 1 - i)));
                }
            }
            default -> throw new AssertionError("unexpected command " + tx[0]);
        }
    }

    private int valueOf(int register) {
        boolean cell = registers.getOrDefault(0x235C, 0) == 1;
        int[] dft = cell ? cellDft : rcalDft;
        return switch (register) {
            case 0x3014 -> dftReady ? 0x2 : 0;
            case 0x2078 -> dft[0];
            case 0x207C -> dft[1];
            default -> registers.getOrDefault(register, 0);
        };
    }

    /** Frames after the first one equal to {@code marker}, inclusive. */
    List<String> framesFrom(String marker) {
        return frames.subList(frames.indexOf(marker), frames.size());
    }
}
