package org.healbms.sim.device.ad5941;

import java.time.Duration;
import java.time.Instant;
import org.healbms.drivers.ad5941.SweepClock;

/**
 * Virtual time for a driver and the emulators it talks to: sleeping advances the clock at once, so a
 * one-minute sweep runs in milliseconds and deterministically. Hand {@link #nanoTime()} to the
 * emulator and the clock itself to the driver.
 */
public final class VirtualSweepClock implements SweepClock {

    private final Instant origin;
    private long nanos;

    public VirtualSweepClock(Instant origin) {
        this.origin = origin;
    }

    @Override
    public Instant now() {
        return origin.plusNanos(nanos);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        nanos += duration.toNanos();
    }
}
