package org.healbms.healing.thermal;

/** A cell heater: a PWM duty 0..1 (through Pi4J PWM on the board, a plant model in simulation). */
public interface Heater {

    void setDuty(double duty);
}
