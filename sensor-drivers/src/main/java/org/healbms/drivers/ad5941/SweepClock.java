package org.healbms.drivers.ad5941;

import java.time.Duration;
import java.time.Instant;

/**
 * Time for a sweep: wall time for the record's timestamps, a monotonic clock for the DFT-ready
 * timeout, and a sleep between polls. Injected so tests against the emulator run in virtual time.
 */
public interface SweepClock {

    Instant now();

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    static SweepClock system() {
        return new SweepClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration);
            }
        };
    }
}
