package org.healbms.core.signature;

/**
 * The noise guard every detector shares: a metric must stay above its activation threshold for the
 * minimum persistence before the signature fires, and below a lower clear threshold (hysteresis) for
 * the same time before it clears. A metric hovering at the threshold therefore neither chatters nor
 * fires on a blip.
 */
public final class PersistentCondition {

    private final double activateAbove;
    private final double clearBelow;
    private final long persistNanos;
    private boolean active;
    private long candidateSince = Long.MIN_VALUE;
    private long activeSince = Long.MIN_VALUE;

    public PersistentCondition(double activateAbove, double clearBelow, long persistNanos) {
        if (!(clearBelow <= activateAbove)) {
            throw new IllegalArgumentException("the clear threshold must not exceed the activation threshold");
        }
        this.activateAbove = activateAbove;
        this.clearBelow = clearBelow;
        this.persistNanos = persistNanos;
    }

    /** Feeds one value of the metric (NaN: no evidence either way, the timers pause). Returns whether active. */
    public boolean update(double metric, long nowNanos) {
        if (Double.isNaN(metric)) {
            candidateSince = Long.MIN_VALUE;
            return active;
        }
        boolean towards = active ? metric < clearBelow : metric > activateAbove;
        if (!towards) {
            candidateSince = Long.MIN_VALUE;
        } else {
            if (candidateSince == Long.MIN_VALUE) {
                candidateSince = nowNanos;
            }
            if (nowNanos - candidateSince >= persistNanos) {
                active = !active;
                activeSince = active ? nowNanos : Long.MIN_VALUE;
                candidateSince = Long.MIN_VALUE;
            }
        }
        return active;
    }

    public boolean active() {
        return active;
    }

    public long activeSince() {
        return activeSince;
    }

    /**
     * The condition's state as a value: whether it is active, since when the metric has been on the
     * way to changing that ({@code Long.MIN_VALUE}: it is not) and since when it is active
     * ({@code Long.MIN_VALUE}: it is not), ns on the detector's clock.
     */
    public record State(boolean active, long candidateSinceNanos, long activeSinceNanos) {

        /** A condition that has never been on its way to anything. */
        public static final State IDLE = new State(false, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    public State snapshot() {
        return new State(active, candidateSince, activeSince);
    }

    /** Continues from a snapshot: the next update acts as it would have on the condition it was taken of. */
    public void restore(State s) {
        active = s.active();
        candidateSince = s.candidateSinceNanos();
        activeSince = s.activeSinceNanos();
    }
}
