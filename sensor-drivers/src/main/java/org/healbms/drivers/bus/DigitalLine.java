package org.healbms.drivers.bus;

/** One GPIO output (a contactor coil driver, a heater enable). */
public interface DigitalLine {

    String name();

    void set(boolean high) throws BusException;
}
