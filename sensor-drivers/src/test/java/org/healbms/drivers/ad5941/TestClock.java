package org.healbms.drivers.ad5941;

import java.time.Duration;
import java.time.Instant;

/** Virtual time: sleeping advances it, nothing waits. */
final class TestClock implements SweepClock {

    private long nanos;

    @Override
    public Instant now() {
        return Instant.EPOCH.plusNanos(nanos);
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
