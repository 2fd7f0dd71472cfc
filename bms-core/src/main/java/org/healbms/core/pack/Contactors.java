package org.healbms.core.pack;

/**
 * The pack's switches: main negative, main positive and the precharge relay (through a resistor,
 * in parallel with main positive). Implemented over GPIO on the board; the state machine is the only
 * caller, so every switching follows a state transition. Implementations close before they open (main
 * positive closes before the precharge relay opens), so the load never sees a gap.
 */
public interface Contactors {

    void set(boolean mainNegative, boolean precharge, boolean mainPositive);

    default void openAll() {
        set(false, false, false);
    }
}
