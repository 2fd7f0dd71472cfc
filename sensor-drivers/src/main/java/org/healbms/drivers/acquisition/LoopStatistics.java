package org.healbms.drivers.acquisition;

/**
 * How well the loop kept its rate.
 *
 * @param ticks          frames produced
 * @param deadlineMisses ticks that started more than one period after they were due, or were skipped
 *                       because the loop was that far behind (a listener that took too long)
 * @param worstLatenessNanos the latest any tick started after it was due
 */
public record LoopStatistics(long ticks, long deadlineMisses, long worstLatenessNanos) {}
