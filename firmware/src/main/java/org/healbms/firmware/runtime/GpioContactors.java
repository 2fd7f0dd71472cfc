package org.healbms.firmware.runtime;

import org.healbms.core.pack.Contactors;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DigitalLine;

/**
 * Contactors on three GPIO lines (coil drivers, high = closed). Closes before it opens, so going
 * from precharge to main positive never leaves the load without a path. A GPIO that cannot be
 * written is an error the state machine cannot handle; it is rethrown unchecked so the runtime stops
 * and the lines fall to their shutdown state (low: open).
 */
final class GpioContactors implements Contactors {

    private final DigitalLine negative;
    private final DigitalLine precharge;
    private final DigitalLine positive;

    GpioContactors(DigitalLine negative, DigitalLine precharge, DigitalLine positive) {
        this.negative = negative;
        this.precharge = precharge;
        this.positive = positive;
    }

    @Override
    public void set(boolean mainNegative, boolean prechargeRelay, boolean mainPositive) {
        try {
            // Closing first...
            if (mainNegative) {
                negative.set(true);
            }
            if (mainPositive) {
                positive.set(true);
            }
            if (prechargeRelay) {
                precharge.set(true);
            }
            // ...then opening.
            if (!prechargeRelay) {
                precharge.set(false);
            }
            if (!mainPositive) {
                positive.set(false);
            }
            if (!mainNegative) {
                negative.set(false);
            }
        } catch (BusException e) {
            throw new IllegalStateException("contactor GPIO failed: " + e.getMessage(), e);
        }
    }
}
