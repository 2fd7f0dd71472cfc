package org.healbms.core.pack;

import org.healbms.core.protection.Severity;

final class DeratedState extends StateBehaviour {

    @Override
    PackState state() {
        return PackState.DERATED;
    }

    @Override
    boolean[] switches() {
        return new boolean[] {true, false, true};
    }

    @Override
    Next next(PackInputs in, long sinceNanos) {
        Next urgent = faultOrShutdown(in);
        if (urgent != null) {
            return urgent;
        }
        if (in.command() == PackCommand.STOP) {
            return new Next(PackState.STANDBY, "stop requested");
        }
        return in.worstFault() == null || in.worstFault() == Severity.WARNING
                ? new Next(PackState.NORMAL, "derating faults cleared") : null;
    }
}
