package org.healbms.core.pack;

import org.healbms.core.protection.Severity;

/**
 * One tick's inputs to the state machine.
 *
 * <p>Not a record: the firmware keeps one and rewrites it at every tick ({@link #set}), so a tick
 * builds none. The state machine reads it during its step and keeps none of it.
 */
public final class PackInputs {

    // Before the first set: nothing commanded, no fault, no voltage, contactors open.
    private long nowNanos;
    private PackCommand command = PackCommand.NONE;
    private Severity worstFault;
    private double packVoltageV;
    private double linkVoltageV;
    private boolean contactorsReadOpen = true;

    /**
     * Rewrites the inputs for a new tick; returns this.
     *
     * @param worstFault    most severe active fault, or null
     * @param packVoltageV  sum of the cells (battery side of the contactors)
     * @param linkVoltageV  load side of the contactors (DC link), for precharge
     * @param contactorsReadOpen every contactor whose auxiliary contact is wired reads open (true when none
     *                      is wired): the pack is only precharged onto contactors proven open
     */
    public PackInputs set(
            long nowNanos,
            PackCommand command,
            Severity worstFault,
            double packVoltageV,
            double linkVoltageV,
            boolean contactorsReadOpen) {
        this.nowNanos = nowNanos;
        this.command = command;
        this.worstFault = worstFault;
        this.packVoltageV = packVoltageV;
        this.linkVoltageV = linkVoltageV;
        this.contactorsReadOpen = contactorsReadOpen;
        return this;
    }

    public long nowNanos() {
        return nowNanos;
    }

    public PackCommand command() {
        return command;
    }

    public Severity worstFault() {
        return worstFault;
    }

    public double packVoltageV() {
        return packVoltageV;
    }

    public double linkVoltageV() {
        return linkVoltageV;
    }

    public boolean contactorsReadOpen() {
        return contactorsReadOpen;
    }
}
