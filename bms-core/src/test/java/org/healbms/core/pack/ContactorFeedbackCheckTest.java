package org.healbms.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.healbms.core.protection.FaultId;
import org.junit.jupiter.api.Test;

/** Feedback against command, with the contactor's settling time after every change of command. */
class ContactorFeedbackCheckTest {

    private static final long MS = 1_000_000L;

    private static Map<Contactor, ContactorReading> positive(ContactorReading r) {
        return Map.of(Contactor.MAIN_POSITIVE, r);
    }

    @Test
    void aContactorStillMovingIsNotJudgedAfterItSettlesItIs() {
        ContactorFeedbackCheck check = new ContactorFeedbackCheck(Duration.ofMillis(100));
        check.commanded(Contactor.MAIN_POSITIVE, false, 0);
        assertThat(check.disagreements(positive(ContactorReading.OPEN), 500 * MS))
                .isEmpty();
        check.commanded(Contactor.MAIN_POSITIVE, true, 1000 * MS);
        // Still open 99 ms after the coil was driven: pulling in, not stuck.
        assertThat(check.disagreements(positive(ContactorReading.OPEN), 1099 * MS))
                .isEmpty();
        assertThat(check.disagreements(positive(ContactorReading.OPEN), 1100 * MS))
                .containsExactly(FaultId.CONTACTOR_STUCK_OPEN);
        assertThat(check.disagreements(positive(ContactorReading.CLOSED), 1100 * MS))
                .isEmpty();
        // Repeating a command does not restart the settling time.
        check.commanded(Contactor.MAIN_POSITIVE, true, 1200 * MS);
        assertThat(check.disagreements(positive(ContactorReading.OPEN), 1250 * MS))
                .containsExactly(FaultId.CONTACTOR_STUCK_OPEN);
    }

    @Test
    void closedAfterAnOpenCommandIsWeldedAndUnreadableIsTakenAsTheWorseForItsCommand() {
        ContactorFeedbackCheck check = new ContactorFeedbackCheck(Duration.ofMillis(100));
        check.commanded(Contactor.MAIN_POSITIVE, true, 0);
        check.commanded(Contactor.MAIN_POSITIVE, false, 1000 * MS);
        assertThat(check.disagreements(positive(ContactorReading.CLOSED), 1050 * MS))
                .isEmpty();
        assertThat(check.disagreements(positive(ContactorReading.CLOSED), 1100 * MS))
                .containsExactly(FaultId.CONTACTOR_WELDED);
        assertThat(check.disagreements(positive(ContactorReading.UNREADABLE), 1100 * MS))
                .containsExactly(FaultId.CONTACTOR_WELDED);
        check.commanded(Contactor.MAIN_POSITIVE, true, 2000 * MS);
        assertThat(check.disagreements(positive(ContactorReading.UNREADABLE), 2100 * MS))
                .containsExactly(FaultId.CONTACTOR_STUCK_OPEN);
    }

    @Test
    void eachContactorIsJudgedOnItsOwnAndOneNeverCommandedIsNot() {
        ContactorFeedbackCheck check = new ContactorFeedbackCheck(Duration.ofMillis(100));
        assertThat(check.disagreements(positive(ContactorReading.CLOSED), 0)).isEmpty();
        check.commanded(Contactor.MAIN_NEGATIVE, true, 0);
        check.commanded(Contactor.PRECHARGE, false, 0);
        check.commanded(Contactor.MAIN_POSITIVE, true, 0);
        assertThat(check.disagreements(
                        Map.of(
                                Contactor.MAIN_NEGATIVE,
                                ContactorReading.OPEN,
                                Contactor.PRECHARGE,
                                ContactorReading.CLOSED,
                                Contactor.MAIN_POSITIVE,
                                ContactorReading.CLOSED),
                        200 * MS))
                .containsExactlyInAnyOrder(FaultId.CONTACTOR_STUCK_OPEN, FaultId.CONTACTOR_WELDED);
    }
}
