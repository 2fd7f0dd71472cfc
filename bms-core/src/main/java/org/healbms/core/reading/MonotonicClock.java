package org.healbms.core.reading;

/**
 * Time for stamping readings and scheduling: monotonic, so a wall-clock jump (NTP, an RTC-less Pi
 * setting its date at boot) never reorders readings or fires a timer early. Tests drive their own.
 */
@FunctionalInterface
public interface MonotonicClock {

    long nanoTime();

    MonotonicClock SYSTEM = System::nanoTime;
}
