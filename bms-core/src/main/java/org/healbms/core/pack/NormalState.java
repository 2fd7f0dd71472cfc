package org.healbms.core.pack;

import org.healbms.core.protection.Severity;

final class NormalState extends StateBehaviour {

    @Override
    PackState state() {
        return PackState.NORMAL;
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
        return in.worstFault() == Severity.DERATE ? new Next(PackState.DERATED, "a fault requires derating") : null;
    }
}
