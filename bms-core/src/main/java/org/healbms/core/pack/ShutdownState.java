package org.healbms.core.pack;

final class ShutdownState extends StateBehaviour {

    @Override
    PackState state() {
        return PackState.SHUTDOWN;
    }

    @Override
    boolean[] switches() {
        return new boolean[] {false, false, false};
    }

    @Override
    Next next(PackInputs in, long sinceNanos) {
        return null;
    }
}
