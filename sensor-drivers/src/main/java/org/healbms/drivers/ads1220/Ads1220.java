package org.healbms.drivers.ads1220;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.SpiTarget;

/**
 * TI ADS1220 24-bit ADC over SPI (mode 1) reading a strain-gauge bridge ratiometrically: RESET,
 * WREG of the four registers and a read-back check, START, then RDATA after each conversion. The
 * DRDY pin is not wired through the bus seam, so the driver waits the conversion time of the data
 * rate (plus 10 % for the oscillator) instead; in continuous mode a read after that always returns
 * a complete, fresh result.
 */
public final class Ads1220 {

    static final byte RESET = 0x06;
    static final byte START = 0x08;
    static final byte RDATA = 0x10;
    static final int FULL_SCALE_POSITIVE = 0x7FFFFF;
    static final int FULL_SCALE_NEGATIVE = -0x800000;

    /** One conversion: the code, the bridge ratio Vout/Vex, and whether it sat at full scale. */
    public record Conversion(int code, double ratio, boolean clipped) {}

    private final SpiTarget target;
    private final DeviceClock time;
    private Ads1220Config config;

    public Ads1220(SpiTarget target, DeviceClock time) {
        this.target = target;
        this.time = time;
    }

    /** WREG byte for {@code count} registers from {@code first}. */
    static byte wreg(int first, int count) {
        return (byte) (0x40 | first << 2 | (count - 1));
    }

    static byte rreg(int first, int count) {
        return (byte) (0x20 | first << 2 | (count - 1));
    }

    public void configure(Ads1220Config wanted) throws BusException {
        target.transfer(new byte[] {RESET});
        pause(Duration.ofNanos(60_000)); // 50 us + 32 clocks after RESET
        byte[] regs = wanted.registers();
        byte[] write = new byte[5];
        write[0] = wreg(0, 4);
        System.arraycopy(regs, 0, write, 1, 4);
        target.transfer(write);
        byte[] read = target.transfer(rreg(0, 4), (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        byte[] back = Arrays.copyOfRange(read, 1, 5);
        if (!Arrays.equals(back, regs)) {
            throw new BusException(target.name() + ": configuration reads back "
                    + HexFormat.ofDelimiter(" ").formatHex(back) + ", wrote "
                    + HexFormat.ofDelimiter(" ").formatHex(regs));
        }
        target.transfer(new byte[] {START});
        this.config = wanted;
    }

    /** Waits one conversion and reads it. */
    public Conversion read() throws BusException {
        if (config == null) {
            throw new IllegalStateException("configure the ADS1220 first");
        }
        long nanos = 1_000_000_000L / config.samplesPerSecond();
        pause(Duration.ofNanos(nanos + nanos / 10));
        byte[] rx = target.transfer(RDATA, (byte) 0, (byte) 0, (byte) 0);
        int code = (rx[1] & 0xFF) << 16 | (rx[2] & 0xFF) << 8 | (rx[3] & 0xFF);
        if ((code & 0x800000) != 0) {
            code -= 1 << 24;
        }
        double ratio = code / (config.gain() * (double) (1 << 23));
        return new Conversion(code, ratio, code == FULL_SCALE_POSITIVE || code == FULL_SCALE_NEGATIVE);
    }

    public Ads1220Config configuration() {
        return config;
    }

    private void pause(Duration d) throws BusException {
        try {
            time.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(target.name() + ": interrupted", e);
        }
    }
}
