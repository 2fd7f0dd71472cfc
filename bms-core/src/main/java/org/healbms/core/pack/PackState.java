package org.healbms.core.pack;

/** The pack's operating states. */
public enum PackState {
    /** Contactors open, waiting for a request to run. */
    STANDBY,
    /** Negative contactor and precharge relay closed, charging the load's capacitance. */
    PRECHARGE,
    /** Main contactors closed, full limits. */
    NORMAL,
    /** Main contactors closed, reduced limits while a derating fault is active. */
    DERATED,
    /** Contactors open after a fault; leaves only when the faults have cleared and a reset is asked. */
    FAULT,
    /** Contactors open for good: the firmware is stopping. */
    SHUTDOWN
}
