package org.healbms.sim.device.ad5941;

/** Faults the AD5941 emulator can inject. */
public enum Ad5941Fault {
    NONE,
    /** Nothing drives MISO: every byte reads 0xFF (pulled up), writes go nowhere. */
    NO_ANSWER,
    /** Another part answers: ADIID reads 0x4100. */
    WRONG_ID,
    /** The DFT starts but its ready flag never rises and its results never change. */
    DFT_NEVER_READY,
    /** The excitation loop is open (cell or RCAL disconnected): no current, only noise. */
    OPEN_EXCITATION
}
