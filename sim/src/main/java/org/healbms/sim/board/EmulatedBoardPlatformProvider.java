package org.healbms.sim.board;

import java.io.IOException;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.BoardPlatformProvider;
import org.healbms.drivers.platform.PlatformSettings;
import org.healbms.sim.plant.TracePlant;

/**
 * {@code platform: emulated}: the board's chips as emulators measuring cells that replay the
 * settings' plant trace, and contactors switching a modelled DC link, their auxiliary contacts on
 * the GPIO inputs the board names. With CAN on the board, the pack carries what the inverter
 * emulator delivers of the trace's current under the firmware's limits, through the contactors.
 */
public final class EmulatedBoardPlatformProvider implements BoardPlatformProvider {

    /** Emulated DC link: 0.2 s precharge time constant (e.g. 100 Ohm into 2 mF), 5 s bleed. */
    static final double PRECHARGE_TAU_S = 0.2;

    static final double BLEED_TAU_S = 5.0;

    /** The board file's {@code platform:} for the emulated board. */
    public static final String NAME = "emulated";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The board's contactors, modelled, with the auxiliary contacts the board names on its GPIO inputs
     * reporting where the contacts are (not what their coils were told).
     */
    static EmulatedContactors contactors(BoardDescription board, EmulatedBoard emulated) {
        EmulatedContactors contactors = new EmulatedContactors(PRECHARGE_TAU_S, BLEED_TAU_S);
        BoardDescription.ContactorFeedback feedback = board.contactorFeedback();
        feedback.inputs()
                .forEach((contactor, pin) -> emulated.platform()
                        .attachInput(pin, () -> contactors.closed(contactor) == feedback.closedHigh()));
        return contactors;
    }

    @Override
    public BoardPlatform open(BoardDescription board, PlatformSettings settings) throws IOException {
        if (settings.plantTrace() == null) {
            throw new IllegalArgumentException(
                    "board " + board.name() + " is emulated: it needs a plant trace for its cells"
                            + " (plant_trace in the firmware configuration)");
        }
        EmulatedBoard emulated = EmulatedBoard.replaying(
                board, TracePlant.load(settings.plantTrace(), board.cells()), settings.deviceClock());
        EmulatedContactors contactors = contactors(board, emulated);
        emulated.connectThrough(contactors::conducting);
        return new EmulatedBoardPlatform(emulated, contactors, settings.pacedSweeps());
    }
}
