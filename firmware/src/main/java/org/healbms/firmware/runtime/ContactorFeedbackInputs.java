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

    private final Map<Contactor, DigitalInput> inputs = new EnumMap<>(Contactor.class);
    private final boolean closedHigh;
    private final Map<Contactor, ContactorReading> readings = new EnumMap<>(Contactor.class);

    ContactorFeedbackInputs(BoardDescription.ContactorFeedback feedback, BusPlatform bus) throws BusException {
        // A contact that closes to ground needs the pull-up, so that a broken wire reads open.
        for (Map.Entry<Contactor, Integer> e : feedback.inputs().entrySet()) {
            inputs.put(e.getKey(), bus.gpioInput(e.getValue(), !feedback.closedHigh()));
        }
        this.closedHigh = feedback.closedHigh();
    }

    /**
     * Each wired contactor's position now; an input that cannot be read is UNREADABLE, never a guess.
     * The same map every time, rewritten (read once a tick): valid until the next read, not to be changed.
     */
    Map<Contactor, ContactorReading> read() {
        for (Map.Entry<Contactor, DigitalInput> e : inputs.entrySet()) {
            ContactorReading r;
            try {
                r = e.getValue().high() == closedHigh ? ContactorReading.CLOSED : ContactorReading.OPEN;
            } catch (BusException ex) {
                r = ContactorReading.UNREADABLE;
            }
            readings.put(e.getKey(), r);
        }
        return readings;
    }
}
