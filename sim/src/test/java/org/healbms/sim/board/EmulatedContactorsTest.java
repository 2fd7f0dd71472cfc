package org.healbms.sim.board;

import static org.assertj.core.api.Assertions.assertThat;

import org.healbms.core.pack.Contactor;
import org.healbms.drivers.bus.DigitalInput;
import org.healbms.sim.device.EmulatedBusPlatform;
import org.junit.jupiter.api.Test;

/** Injected contactor failures: where the contacts really are, on the link and on the auxiliary contacts. */
class EmulatedContactorsTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aWeldedContactorStaysClosedWhenOpenedAndKeepsTheLinkLive() throws Exception {
        EmulatedContactors contactors = new EmulatedContactors(0.2, 5.0);
        EmulatedBusPlatform bus = new EmulatedBusPlatform();
        // An auxiliary contact to ground against the pin's pull-up: closed reads low.
        bus.attachInput(13, () -> !contactors.closed(Contactor.MAIN_POSITIVE));
        DigitalInput feedback = bus.gpioInput(13, true);
        contactors.set(true, false, true);
        assertThat(contactors.linkVoltage(14.8, 0)).isEqualTo(14.8);
        assertThat(feedback.high()).isFalse();

        contactors.fail(Contactor.MAIN_POSITIVE, EmulatedContactors.Failure.WELDED);
        contactors.fail(Contactor.MAIN_NEGATIVE, EmulatedContactors.Failure.WELDED);
        contactors.openAll();
        assertThat(contactors.closed(Contactor.MAIN_POSITIVE)).isTrue();
        assertThat(feedback.high()).as("welded: still reads closed").isFalse();
        assertThat(contactors.linkVoltage(14.8, 10 * S))
                .as("no bleed-down: the pack still drives it")
                .isEqualTo(14.8);

        contactors.repair(Contactor.MAIN_POSITIVE);
        assertThat(feedback.high()).isTrue();
        assertThat(contactors.linkVoltage(14.8, 20 * S)).isLessThan(14.8 * 0.2);
    }

    @Test
    void aStuckOpenContactorNeverClosesAndAnUnwiredInputReadsItsPull() throws Exception {
        EmulatedContactors contactors = new EmulatedContactors(0.2, 5.0);
        contactors.fail(Contactor.PRECHARGE, EmulatedContactors.Failure.STUCK_OPEN);
        contactors.set(true, true, false);
        assertThat(contactors.closed(Contactor.MAIN_NEGATIVE)).isTrue();
        assertThat(contactors.closed(Contactor.PRECHARGE)).isFalse();
        contactors.linkVoltage(14.8, 0);
        assertThat(contactors.linkVoltage(14.8, 2 * S))
                .as("no precharge current")
                .isZero();

        EmulatedBusPlatform bus = new EmulatedBusPlatform();
        assertThat(bus.gpioInput(6, true).high()).isTrue();
        assertThat(bus.gpioInput(6, false).high()).isFalse();
    }
}
