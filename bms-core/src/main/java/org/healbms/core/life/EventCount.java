package org.healbms.core.life;

/**
 * How often something happened and when it last did.
 *
 * @param count       times it happened
 * @param lastEpochMs wall-clock time of the last one, ms since the epoch; {@link #NEVER} before the first
 */
public record EventCount(long count, long lastEpochMs) {

    public static final long NEVER = -1;
    public static final EventCount NONE = new EventCount(0, NEVER);

    public EventCount {
        if (count < 0 || (count == 0) != (lastEpochMs == NEVER)) {
            throw new IllegalArgumentException("an event count needs count >= 0, and a last time exactly when"
                    + " count > 0; got " + count + " at " + lastEpochMs);
        }
    }
}
