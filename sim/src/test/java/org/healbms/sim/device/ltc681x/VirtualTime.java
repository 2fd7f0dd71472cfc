package org.healbms.sim.device.ltc681x;

import java.time.Duration;
import org.healbms.drivers.bus.DeviceClock;

/** One virtual clock shared by driver and emulator: it moves only when the driver sleeps or a test advances it. */
final class VirtualTime implements DeviceClock {

    private long nanos = 1_000_000_000L;
    private long slept;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        nanos += duration.toNanos();
        slept += duration.toNanos();
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    Duration slept() {
        return Duration.ofNanos(slept);
    }
}
