package org.healbms.core.pack;

final class FaultState extends StateBehaviour {

    @Override
    PackState state() {
        return PackState.FAULT;
    }

    @Override
    boolean[] switches() {
        return new boolean[] {false, false, false};
    }

    @Override
    Next next(PackInputs in, long sinceNanos) {
        if (in.command() == PackCommand.SHUTDOWN) {
            return new Next(PackState.SHUTDOWN, "shutdown requested");
        }
        // Leaving the fault state is a person's decision, and only once nothing demands open contactors.
        if (in.command() == PackCommand.RESET_FAULT && !mustOpen(in)) {
            return new Next(PackState.STANDBY, "fault reset");
        }
        return null;
    }
}
