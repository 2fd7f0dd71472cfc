package org.healbms.firmware.runtime;

import java.util.EnumMap;
import java.util.Map;
import org.healbms.core.pack.Contactor;
import org.healbms.core.pack.ContactorReading;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.DigitalInput;

/** The contactors' auxiliary contacts on the GPIO inputs the board file names, read once per tick. */
final class ContactorFeedbackInputs {

    /** The wired contactors and their inputs, by index: read every tick without an iterator. */
    private final Contactor[] wired;

    private final DigitalInput[] inputs;
    private final boolean closedHigh;
    private final Map<Contactor, ContactorReading> readings = new EnumMap<>(Contactor.class);

    ContactorFeedbackInputs(BoardDescription.ContactorFeedback feedback, BusPlatform bus) throws BusException {
        Map<Contactor, Integer> pins = new EnumMap<>(Contactor.class);
        pins.putAll(feedback.inputs());
        this.wired = pins.keySet().toArray(Contactor[]::new);
        this.inputs = new DigitalInput[wired.length];
        // A contact that closes to ground needs the pull-up, so that a broken wire reads open.
        for (int k = 0; k < wired.length; k++) {
            inputs[k] = bus.gpioInput(pins.get(wired[k]), !feedback.closedHigh());
        }
        this.closedHigh = feedback.closedHigh();
    }

    /**
     * Each wired contactor's position now; an input that cannot be read is UNREADABLE, never a guess.
     * The same map every time, rewritten (read once a tick): valid until the next read, not to be changed.
     */
    Map<Contactor, ContactorReading> read() {
        for (int k = 0; k < wired.length; k++) {
            ContactorReading r;
            try {
                r = inputs[k].high() == closedHigh ? ContactorReading.CLOSED : ContactorReading.OPEN;
            } catch (BusException ex) {
                r = ContactorReading.UNREADABLE;
            }
            readings.put(wired[k], r);
        }
        return readings;
    }
}
