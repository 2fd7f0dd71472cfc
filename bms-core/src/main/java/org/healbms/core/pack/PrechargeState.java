package org.healbms.core.pack;

/**
 * Charges the load's capacitance through the precharge resistor before main positive closes, so the
 * contactor never closes onto a voltage step (inrush welds contacts). Done when the link reaches
 * {@value #DONE_FRACTION} of the pack voltage; a link that does not get there within the timeout
 * means a short or a broken resistor, and is a fault.
 */
final class PrechargeState extends StateBehaviour {

    static final double DONE_FRACTION = 0.95;
    static final long TIMEOUT_NANOS = 5_000_000_000L;

    @Override
    PackState state() {
        return PackState.PRECHARGE;
    }

    @Override
    boolean[] switches() {
        return new boolean[] {true, true, false};
    }

    @Override
    Next next(PackInputs in, long sinceNanos) {
        Next exit = faultShutdownOrStop(in, "stop requested during precharge");
        if (exit != null) {
            return exit;
        }
        if (in.packVoltageV() > 0 && in.linkVoltageV() >= DONE_FRACTION * in.packVoltageV()) {
            return new Next(
                    in.worstFault() == null ? PackState.NORMAL : PackState.DERATED,
                    "precharged: link %.1f V of pack %.1f V".formatted(in.linkVoltageV(), in.packVoltageV()));
        }
        if (sinceNanos >= TIMEOUT_NANOS) {
            return new Next(
                    PackState.FAULT,
                    "precharge timed out: link %.1f V of pack %.1f V after %d s"
                            .formatted(in.linkVoltageV(), in.packVoltageV(), TIMEOUT_NANOS / 1_000_000_000L));
        }
        return null;
    }
}
