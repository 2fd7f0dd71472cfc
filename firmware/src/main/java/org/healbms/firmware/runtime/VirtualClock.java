package org.healbms.firmware.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.drivers.bus.DeviceClock;

/**
 * Time that passes only when its owner says so: a firmware on it runs a day of ticks as fast as the
 * machine computes them, and the same inputs give the same run every time. The wall time is the start
 * instant plus the monotonic time passed, so both agree as they do on a board without NTP jumps.
 *
 * <p>It is also the device clock of the drivers and the emulated chips: a driver that waits out a
 * conversion moves it on by the wait, and the chip, on the same clock, has finished by then. A
 * conversion thus costs virtual time (as it costs a board real time) and no machine time.
 */
public final class VirtualClock implements MonotonicClock, DeviceClock {

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

    /** Moves time on to monotonic {@code nanos}; a time already passed leaves it where it is. */
    public void advanceTo(long nanos) {
        this.nanos = Math.max(this.nanos, nanos);
    }

    /** A driver's wait: the time passes at once, and whatever it waited for is done. */
    @Override
    public void sleep(Duration duration) {
        advance(duration);
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

        /** {@code instant().toEpochMilli()} without the Instant: the firmware stamps every tick with it. */
        @Override
        public long millis() {
            long total = start.getNano() + nanos;
            long seconds = start.getEpochSecond() + Math.floorDiv(total, 1_000_000_000L);
            return Math.addExact(Math.multiplyExact(seconds, 1000L), Math.floorMod(total, 1_000_000_000L) / 1_000_000);
        }
    }
}
