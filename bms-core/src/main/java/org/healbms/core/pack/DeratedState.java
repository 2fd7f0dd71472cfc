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
        Next exit = faultShutdownOrStop(in, "stop requested");
        if (exit != null) {
            return exit;
        }
        return in.worstFault() == null || in.worstFault() == Severity.WARNING
                ? new Next(PackState.NORMAL, "derating faults cleared")
                : null;
    }
}
