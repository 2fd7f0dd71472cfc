package org.healbms.drivers.acquisition;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Deadline misses over a sliding window, from the loop's running count of them ({@link LoopStatistics}):
 * one late tick (a garbage collection, the JIT warming up) is noise, many in a short time mean
 * the control loop no longer keeps its period. Holds one time stamp per recent miss, at most
 * {@code maxMisses + 1}, so it stays small however late the loop runs.
 */
public final class DeadlineWindow {

    private final long windowNanos;
    private final int maxMisses;
    private final ArrayDeque<Long> missedAt = new ArrayDeque<>();
    private long missesSeen;

    /** Overrun: more than {@code maxMisses} misses within {@code window}. */
    public DeadlineWindow(Duration window, int maxMisses) {
        if (window.isNegative() || window.isZero() || maxMisses < 0) {
            throw new IllegalArgumentException("a deadline window needs a positive length and maxMisses >= 0");
        }
        this.windowNanos = window.toNanos();
        this.maxMisses = maxMisses;
    }

    /** The window for a loop at {@code tickPeriod}: overrun when more than {@code fraction} of its ticks were late. */
    public static DeadlineWindow of(Duration window, Duration tickPeriod, double fraction) {
        return new DeadlineWindow(window, (int) Math.floor(fraction * window.toNanos() / tickPeriod.toNanos()));
    }

    /**
     * Takes the loop's count of deadline misses so far at {@code nowNanos} (a count, not the loop's
     * statistics record: asked every tick); true when the misses in the last window exceed the limit.
     */
    public boolean overrun(long deadlineMisses, long nowNanos) {
        long fresh = deadlineMisses - missesSeen;
        missesSeen = deadlineMisses;
        for (long k = 0; k < Math.min(fresh, maxMisses + 1L); k++) {
            missedAt.addLast(nowNanos);
        }
        while (missedAt.size() > maxMisses + 1) {
            missedAt.removeFirst();
        }
        while (!missedAt.isEmpty() && nowNanos - missedAt.peekFirst() >= windowNanos) {
            missedAt.removeFirst();
        }
        return missedAt.size() > maxMisses;
    }
}
