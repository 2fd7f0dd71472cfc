package org.healbms.core.pack;

import org.healbms.core.protection.Severity;

/** What one state does: the switch positions it holds and when it hands over to another state. */
abstract class StateBehaviour {

    /** A hand-over: the next state and the reason to log. */
    record Next(PackState state, String reason) {}

    abstract PackState state();

    /** Switch positions while in this state: main negative, precharge, main positive. */
    abstract boolean[] switches();

    /** The next state, or null to stay. {@code sinceNanos} is the time spent in this state. */
    abstract Next next(PackInputs in, long sinceNanos);

    static boolean mustOpen(PackInputs in) {
        return in.worstFault() == Severity.OPEN_CONTACTORS;
    }

    /** The exits every closed-contactor state shares: shutdown, a fault, or a stop request. */
    static Next faultShutdownOrStop(PackInputs in, String stopReason) {
        Next urgent = faultOrShutdown(in);
        if (urgent != null) {
            return urgent;
        }
        return in.command() == PackCommand.STOP ? new Next(PackState.STANDBY, stopReason) : null;
    }

    static Next faultOrShutdown(PackInputs in) {
        if (in.command() == PackCommand.SHUTDOWN) {
            return new Next(PackState.SHUTDOWN, "shutdown requested");
        }
        if (mustOpen(in)) {
            return new Next(PackState.FAULT, "a fault requires the contactors open");
        }
        return null;
    }
}
