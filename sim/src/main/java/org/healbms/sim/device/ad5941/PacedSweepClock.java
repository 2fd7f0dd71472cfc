package org.healbms.sim.device.ad5941;

import java.time.Duration;
import java.time.Instant;
import org.healbms.drivers.ad5941.SweepClock;

/**
 * Virtual sweep time that also passes on the wall clock, {@code speedup} times faster: a sweep
 * still spans many control ticks, as it does on a real board (about a minute), so a firmware
 * running against the emulators meets the same interleaving of sweep and control loop, and a
 * sleep can be interrupted to abort the sweep, without a test waiting a minute for it. The
 * emulators read the virtual clock, so their DFTs finish exactly when the driver expects.
 */
public final class PacedSweepClock implements SweepClock {

    private final VirtualSweepClock virtual;
    private final double speedup;

    public PacedSweepClock(VirtualSweepClock virtual, double speedup) {
        if (!(speedup >= 1)) {
            throw new IllegalArgumentException(
                    "a paced sweep clock runs at least as fast as real time, got " + speedup);
        }
        this.virtual = virtual;
        this.speedup = speedup;
    }

    @Override
    public Instant now() {
        return virtual.now();
    }

    @Override
    public long nanoTime() {
        return virtual.nanoTime();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(Duration.ofNanos(Math.round(duration.toNanos() / speedup)));
        virtual.sleep(duration);
    }
}
