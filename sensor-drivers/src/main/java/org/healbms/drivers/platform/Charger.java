package org.healbms.drivers.platform;

/**
 * The pack's charger as the firmware commands it (a CAN or analogue charge-current request on a real
 * board): a pulse protocol, a derating or a protection trip acts on the charge current through it.
 */
public interface Charger {

    /** Caps the charge current the charger delivers, A; 0 holds it at no current. */
    void limitChargeCurrent(double amps);

    /** Charging on or off: off, the charger delivers nothing whatever its limit. */
    void enable(boolean enabled);
}
