package org.healbms.drivers.bus;

/** One GPIO input (a contactor's auxiliary contact). */
public interface DigitalInput {

    String name();

    /** The pin's level now. */
    boolean high() throws BusException;
}
