package org.healbms.drivers.ad5941;

import java.time.Duration;
import java.time.Instant;
import org.healbms.drivers.bus.DeviceClock;

/**
 * Time for a sweep: wall time for the record's timestamps, a monotonic clock for the DFT-ready
 * timeout, and a sleep between polls. Injected so tests against the emulator run in virtual time.
 */
public interface SweepClock extends DeviceClock {

    Instant now();

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
