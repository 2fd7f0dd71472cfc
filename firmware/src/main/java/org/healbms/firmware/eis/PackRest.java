package org.healbms.firmware.eis;

/**
 * Whether the pack rests: its current stayed below the rest current (C/50 in the firmware), and
 * since when. An unknown current (no sensor, a faulty reading) is not rest: rest must be shown,
 * never assumed. Written by the control loop once per tick; read by CoAP requests too.
 */
final class PackRest {

    private static final long NOT_RESTING = Long.MIN_VALUE;

    private final double restCurrentA;
    private volatile long restingSince = NOT_RESTING;
    private volatile double lastCurrentA = Double.NaN;

    PackRest(double restCurrentA) {
        if (!(restCurrentA > 0)) {
            throw new IllegalArgumentException("the rest current must be positive, got " + restCurrentA);
        }
        this.restCurrentA = restCurrentA;
    }

    void update(double currentA, long nowNanos) {
        lastCurrentA = currentA;
        if (!(Math.abs(currentA) < restCurrentA)) {
            restingSince = NOT_RESTING;
        } else if (restingSince == NOT_RESTING) {
            restingSince = nowNanos;
        }
    }

    /** How long the pack has rested, or -1 when it does not rest now. */
    long restedNanos(long nowNanos) {
        long since = restingSince;
        return since == NOT_RESTING ? -1 : Math.max(0, nowNanos - since);
    }

    /** When the present rest began; {@code Long.MAX_VALUE} when the pack does not rest. */
    long restingSince() {
        long since = restingSince;
        return since == NOT_RESTING ? Long.MAX_VALUE : since;
    }

    /** The last current in words: "-1.200 A", or that it was not measured. */
    String lastCurrent() {
        double i = lastCurrentA;
        return Double.isNaN(i) ? "not measured" : "%.3f A".formatted(i);
    }

    double restCurrentA() {
        return restCurrentA;
    }
}
