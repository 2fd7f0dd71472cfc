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
        // A contactor that reads closed while everything is commanded open may be welded: closing the
        // others would connect the pack through it. Wait; the feedback check raises CONTACTOR_WELDED
        // once the open command has stood its settling time, and the fault takes the pack to FAULT.
        if (in.command() == PackCommand.RUN && in.contactorsReadOpen()) {
            return new Next(PackState.PRECHARGE, "run requested");
        }
        return null;
    }
}
