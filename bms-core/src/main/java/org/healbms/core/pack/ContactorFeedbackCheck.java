package org.healbms.core.pack;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.healbms.core.protection.FaultId;

/**
 * Compares each contactor's feedback with its command. A contactor takes tens of milliseconds to
 * move after its coil changes, so a disagreement counts only once the command has stood for the
 * settling time; the diagnosis table debounces what is left (a bouncing auxiliary contact).
 *
 * <p>Feedback closed while commanded open is {@link FaultId#CONTACTOR_WELDED}, open while commanded
 * closed {@link FaultId#CONTACTOR_STUCK_OPEN}. An unreadable input is taken as the worse of the
 * two for its command: unproven open is treated as welded.
 */
public final class ContactorFeedbackCheck {

    /** Pull-in or drop-out of a pack contactor with its contact bounce, generously: 100 ms. */
    public static final Duration SETTLE = Duration.ofMillis(100);

    private static final Contactor[] CONTACTORS = Contactor.values();

    private final long settleNanos;
    private final Map<Contactor, Boolean> commanded = new EnumMap<>(Contactor.class);
    private final Map<Contactor, Long> commandedAt = new EnumMap<>(Contactor.class);

    public ContactorFeedbackCheck(Duration settle) {
        this.settleNanos = settle.toNanos();
    }

    /** The contactor was commanded {@code closed} at {@code nowNanos}; a repeated command does not restart settling. */
    public synchronized void commanded(Contactor contactor, boolean closed, long nowNanos) {
        Boolean before = commanded.put(contactor, closed);
        if (before == null || before != closed) {
            commandedAt.put(contactor, nowNanos);
        }
    }

    /** The faults the feedback read at {@code nowNanos} shows; a contactor never commanded is not judged. */
    public synchronized Set<FaultId> disagreements(Map<Contactor, ContactorReading> feedback, long nowNanos) {
        Set<FaultId> found = EnumSet.noneOf(FaultId.class);
        disagreements(feedback, nowNanos, found);
        return found;
    }

    /** The same, added to {@code found}: the firmware asks at every tick and keeps one set for it. */
    public synchronized void disagreements(
            Map<Contactor, ContactorReading> feedback, long nowNanos, Set<FaultId> found) {
        // By contactor, in the map's order, by lookups: no iterator at every tick.
        for (Contactor contactor : CONTACTORS) {
            ContactorReading reading = feedback.get(contactor);
            Boolean closed = commanded.get(contactor);
            if (reading == null || closed == null || nowNanos - commandedAt.get(contactor) < settleNanos) {
                continue;
            }
            if (!closed && reading != ContactorReading.OPEN) {
                found.add(FaultId.CONTACTOR_WELDED);
            } else if (closed && reading != ContactorReading.CLOSED) {
                found.add(FaultId.CONTACTOR_STUCK_OPEN);
            }
        }
    }
}
