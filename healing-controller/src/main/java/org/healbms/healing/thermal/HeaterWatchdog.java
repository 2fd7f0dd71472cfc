package org.healbms.healing.thermal;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a heater on only while the control loop keeps refreshing it: a duty set through the
 * watchdog lasts {@code timeout}; if no new duty comes in that time (the loop hung, crashed or lost
 * its thread), the watchdog's own thread turns the heater off. On the board the same job is done
 * again in hardware (the GPIO falls low when the process dies); this one also covers a live but
 * stuck loop.
 */
public final class HeaterWatchdog implements Heater, AutoCloseable {

    private final Heater heater;
    private final long timeoutNanos;
    private final Thread guard;
    private volatile long lastRefreshNanos = System.nanoTime();
    private volatile double duty;
    private volatile boolean tripped;
    private volatile boolean closed;

    public HeaterWatchdog(Heater heater, Duration timeout) {
        this.heater = heater;
        this.timeoutNanos = timeout.toNanos();
        this.guard = Thread.ofPlatform().daemon().name("heater-watchdog").start(this::guard);
    }

    @Override
    public synchronized void setDuty(double newDuty) {
        lastRefreshNanos = System.nanoTime();
        tripped = false;
        duty = Math.clamp(newDuty, 0.0, 1.0);
        heater.setDuty(duty);
    }

    /** The duty the heater is driven at now, 0..1 (0 after a trip or close). */
    public double duty() {
        return duty;
    }

    /** True once the watchdog has turned the heater off for lack of refresh (until the next setDuty). */
    public boolean tripped() {
        return tripped;
    }

    private void guard() {
        while (!closed) {
            LockSupport.parkNanos(timeoutNanos / 4);
            synchronized (this) {
                if (!closed && duty > 0 && System.nanoTime() - lastRefreshNanos > timeoutNanos) {
                    duty = 0;
                    tripped = true;
                    heater.setDuty(0);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        duty = 0;
        heater.setDuty(0);
        guard.interrupt();
    }
}
