package org.healbms.firmware.runtime;

import org.healbms.core.pack.Contactor;
import org.healbms.core.pack.ContactorFeedbackCheck;
import org.healbms.core.pack.Contactors;
import org.healbms.core.reading.MonotonicClock;

/** The pack's contactors, telling the feedback check what each was commanded and when it was. */
final class CommandedContactors implements Contactors {

    private final Contactors coils;
    private final ContactorFeedbackCheck check;
    private final MonotonicClock clock;

    CommandedContactors(Contactors coils, ContactorFeedbackCheck check, MonotonicClock clock) {
        this.coils = coils;
        this.check = check;
        this.clock = clock;
    }

    @Override
    public void set(boolean mainNegative, boolean precharge, boolean mainPositive) {
        coils.set(mainNegative, precharge, mainPositive);
        // After the coils: settling is counted from when they were driven.
        long now = clock.nanoTime();
        check.commanded(Contactor.MAIN_NEGATIVE, mainNegative, now);
        check.commanded(Contactor.PRECHARGE, precharge, now);
        check.commanded(Contactor.MAIN_POSITIVE, mainPositive, now);
    }
}
