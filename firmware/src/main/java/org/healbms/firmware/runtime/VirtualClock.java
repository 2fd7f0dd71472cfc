package org.healbms.firmware.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.healbms.core.reading.MonotonicClock;

/**
 * Time that passes only when its owner says so: a firmware on it runs a day of ticks as fast as the
 * machine computes them, and the same inputs give the same run every time. The wall time is the start
 * instant plus the monotonic time passed, so both agree as they do on a board without NTP jumps.
 */
public final class VirtualClock implements MonotonicClock {

    private final Instant start;
    private volatile long nanos;

    /** Starts at monotonic 0, at wall time {@code start}. */
    public VirtualClock(Instant start) {
        this.start = start;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    /** Moves time on; time never goes back. */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + step);
        }
        nanos += step.toNanos();
    }

    /** The time passed since the start. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    /** The wall clock that goes with it (UTC). */
    public Clock wall() {
        return new Wall(ZoneOffset.UTC);
    }

    private final class Wall extends Clock {
        private final ZoneId zone;

        Wall(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new Wall(other);
        }

        @Override
        public Instant instant() {
            return start.plusNanos(nanos);
        }
    }
}
