package org.healbms.core.pack;

final class StandbyState extends StateBehaviour {

    @Override
    PackState state() {
        return PackState.STANDBY;
    }

    @Override
    boolean[] switches() {
        return new boolean[] {false, false, false};
    }

    @Override
    Next next(PackInputs in, long sinceNanos) {
        Next urgent = faultOrShutdown(in);
        if (urgent != null) {
            return urgent;
        }
        return in.command() == PackCommand.RUN ? new Next(PackState.PRECHARGE, "run requested") : null;
    }
}
