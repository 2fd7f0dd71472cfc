package org.healbms.drivers.bus;

import java.time.Duration;

/**
 * Time as a driver sees it: a monotonic clock for timeouts and a sleep for conversion waits.
 * Injected, so tests and emulators run drivers in virtual time instead of real sleeps.
 */
public interface DeviceClock {

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    DeviceClock SYSTEM = new DeviceClock() {
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
