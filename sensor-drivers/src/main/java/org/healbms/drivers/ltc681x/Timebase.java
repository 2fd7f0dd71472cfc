package org.healbms.drivers.ltc681x;

import java.time.Duration;

/**
 * The driver's clock and sleep. The chain's state depends on time (the isoSPI port idles after
 * 4.3 ms, the core sleeps after the 1.8 s watchdog, a conversion takes up to 200 ms), so tests and
 * the emulator run the driver in virtual time instead of {@code Thread.sleep}.
 */
public interface Timebase {

    Timebase SYSTEM = new Timebase() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
