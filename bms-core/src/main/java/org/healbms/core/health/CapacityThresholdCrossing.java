package org.healbms.core.health;

/**
 * When a cell's capacity falls to a threshold (80 % of its reference capacity for end of life).
 *
 * @param status        whether the crossing is already in the history, predicted, or not within the horizon
 * @param cycle         the crossing cycle (interpolated between check-ups when already reached, from the fitted
 *                      curve when predicted); {@code NaN} when not within the horizon
 * @param earliestCycle where the lower edge of the 95 % band of the fitted curve crosses; {@code NaN} when not
 *                      within the horizon
 * @param latestCycle   where the upper edge of that band crosses; {@code +Infinity} when it does not within the
 *                      horizon
 * @param horizonCycle  the last cycle searched
 */
public record CapacityThresholdCrossing(
        Status status, double cycle, double earliestCycle, double latestCycle, double horizonCycle) {

    public enum Status {
        /** A check-up already measured the capacity at or below the threshold. */
        REACHED,
        /** The fitted curve crosses the threshold within the horizon. */
        PREDICTED,
        /** The fitted curve stays above the threshold up to the horizon. */
        NOT_WITHIN_HORIZON
    }
}
