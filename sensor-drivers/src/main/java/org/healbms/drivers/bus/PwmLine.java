package org.healbms.drivers.bus;

/** One PWM output (a cell heater's driver), duty 0..1. */
public interface PwmLine {

    String name();

    void setDuty(double duty) throws BusException;
}
