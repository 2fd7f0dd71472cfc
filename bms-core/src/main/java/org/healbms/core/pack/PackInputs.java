package org.healbms.core.pack;

import org.healbms.core.protection.Severity;

/**
 * One tick's inputs to the state machine.
 *
 * @param worstFault    most severe active fault, or null
 * @param packVoltageV  sum of the cells (battery side of the contactors)
 * @param linkVoltageV  load side of the contactors (DC link), for precharge
 * @param contactorsReadOpen every contactor whose auxiliary contact is wired reads open (true when none
 *                      is wired): the pack is only precharged onto contactors proven open
 */
public record PackInputs(
        long nowNanos,
        PackCommand command,
        Severity worstFault,
        double packVoltageV,
        double linkVoltageV,
        boolean contactorsReadOpen) {}
