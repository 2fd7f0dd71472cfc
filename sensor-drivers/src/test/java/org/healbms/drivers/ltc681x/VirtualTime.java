package org.healbms.drivers.ltc681x;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.healbms.drivers.bus.DeviceClock;

/** A clock that only moves when the driver sleeps (or a test advances it). */
final class VirtualTime implements DeviceClock {

    private long nanos = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        nanos += duration.toNanos();
    }

    void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    List<Duration> sleeps() {
        return sleeps;
    }
}
