package org.healbms.sim.device.ads1220;

import java.util.Arrays;
import java.util.function.LongSupplier;
import org.healbms.drivers.bus.SpiTarget;
import org.healbms.drivers.strain.BridgeStrain;

/**
 * A TI ADS1220 with a strain-gauge bridge on AIN1/AIN2, excited from its reference: the four
 * registers, RESET/WREG/RREG/START/RDATA, conversions that complete once per 1/DR of the injected
 * clock after START (RDATA before the first one returns 0), the PGA gain and clipping at full scale.
 * Faults: an open bridge (with the burn-out sources on, the output rails high: full scale; without,
 * it floats near zero), and a dead chip (reads all ones).
 */
public final class Ads1220Emulator implements SpiTarget {

    private static final int[] DATA_RATE_SPS = {20, 45, 90, 175, 330, 600, 1000};

    private final String name;
    private final LongSupplier nanoTime;
    private final byte[] registers = new byte[4];
    private BridgeStrain bridge = new BridgeStrain(BridgeStrain.Type.QUARTER, 2.0);
    private double strain;
    private double offsetRatio;
    private boolean open;
    private boolean dead;
    private long startedAt = Long.MIN_VALUE;

    public Ads1220Emulator(String name, LongSupplier nanoTime) {
        this.name = name;
        this.nanoTime = nanoTime;
    }

    public synchronized void setBridge(BridgeStrain bridge, double offsetRatio) {
        this.bridge = bridge;
        this.offsetRatio = offsetRatio;
    }

    public synchronized void setStrain(double strain) {
        this.strain = strain;
    }

    public synchronized void setOpenBridge(boolean open) {
        this.open = open;
    }

    public synchronized void setDead(boolean dead) {
        this.dead = dead;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void transfer(byte[] tx, byte[] rx) {
        Arrays.fill(rx, (byte) 0);
        if (dead) {
            Arrays.fill(rx, (byte) 0xFF);
            return;
        }
        int command = tx[0] & 0xFF;
        if (command == 0x06) {
            Arrays.fill(registers, (byte) 0);
            startedAt = Long.MIN_VALUE;
        } else if (command == 0x08) {
            startedAt = nanoTime.getAsLong();
        } else if ((command & 0xF0) == 0x40) {
            int first = command >> 2 & 3;
            int count = (command & 3) + 1;
            for (int i = 0; i < count && first + i < 4 && 1 + i < tx.length; i++) {
                registers[first + i] = tx[1 + i];
            }
        } else if ((command & 0xF0) == 0x20) {
            int first = command >> 2 & 3;
            int count = (command & 3) + 1;
            for (int i = 0; i < count && first + i < 4 && 1 + i < rx.length; i++) {
                rx[1 + i] = registers[first + i];
            }
        } else if (command == 0x10 && rx.length >= 4) {
            int code = conversionReady() ? code() : 0;
            rx[1] = (byte) (code >> 16);
            rx[2] = (byte) (code >> 8);
            rx[3] = (byte) code;
        }
    }

    private boolean conversionReady() {
        int sps = DATA_RATE_SPS[Math.min((registers[1] & 0xFF) >> 5, 6)];
        return startedAt != Long.MIN_VALUE && nanoTime.getAsLong() - startedAt >= 1_000_000_000L / sps;
    }

    private int code() {
        boolean burnOut = (registers[1] & 1) != 0;
        int gain = 1 << ((registers[0] & 0x0E) >> 1);
        double ratio;
        if (open) {
            ratio = burnOut ? 1.0 : 1e-7; // rails high through the sources, or floats
        } else {
            ratio = bridge.ratio(strain) + offsetRatio;
        }
        long code = Math.round(ratio * gain * (1 << 23));
        return (int) Math.clamp(code, -0x800000, 0x7FFFFF);
    }
}
