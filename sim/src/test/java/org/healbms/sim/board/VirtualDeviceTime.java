package org.healbms.sim.board;

import java.time.Duration;
import org.healbms.drivers.bus.DeviceClock;

/** The drivers' and the chips' one clock, virtual: it moves only when a driver waits a conversion out. */
final class VirtualDeviceTime implements DeviceClock {
    private long nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        nanos += duration.toNanos();
    }
}
