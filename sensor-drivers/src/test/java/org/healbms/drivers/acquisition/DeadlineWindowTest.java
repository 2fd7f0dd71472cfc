package org.healbms.drivers.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.healbms.core.reading.MonotonicClock;
import org.junit.jupiter.api.Test;

/** Deadline misses counted over a sliding window from the loop's running totals. */
class DeadlineWindowTest {

    private static final long TICK = 100_000_000L;

    @Test
    void overrunOnlyWhileMoreThanTheLimitOfMissesFallInTheWindow() {
        // 10 s at 100 ms ticks, 10 %: more than 10 misses in the last 10 s.
        DeadlineWindow window = DeadlineWindow.of(Duration.ofSeconds(10), Duration.ofMillis(100), 0.10);
        long misses = 0;
        long now = 0;
        // One late tick every 2 s (a collection, the JIT) is not an overrun, however long it goes on.
        for (int k = 0; k < 300; k++, now += TICK) {
            misses += k % 20 == 0 ? 1 : 0;
            assertThat(window.overrun(misses, now)).isFalse();
        }
        // Every tick late: the 11th miss within the window is an overrun.
        int late = 0;
        boolean overrun = false;
        while (!overrun) {
            misses++;
            late++;
            overrun = window.overrun(misses, now);
            now += TICK;
        }
        assertThat(late).isEqualTo(7); // with 4 of the occasional misses still in the window
        // The loop keeps time again: the overrun lasts until enough misses have left the window, here
        // when the oldest occasional ones do (they were 8.6 s old), at most the window's length.
        long recovered = now;
        while (window.overrun(misses, now)) {
            now += TICK;
        }
        assertThat(now - recovered).isEqualTo(Duration.ofMillis(1300).toNanos());
    }

    /**
     * On the wall clock: a listener that takes 3.5 periods makes the loop skip ticks, and each skipped
     * tick is a deadline miss (the skip-ahead used to hide them: the tick after it started on time).
     */
    @Test
    void aListenerSlowerThanThePeriodIsAnOverrunOfTheRealLoop() throws Exception {
        AcquisitionLoop loop = new AcquisitionLoop(List.of(), Duration.ofMillis(10), MonotonicClock.SYSTEM);
        DeadlineWindow window = DeadlineWindow.of(Duration.ofSeconds(1), Duration.ofMillis(10), 0.10);
        boolean[] overrun = new boolean[1];
        loop.addListener(frame -> {
            overrun[0] |= window.overrun(loop.deadlineMisses(), frame.monotonicNanos());
            LockSupport.parkNanos(35_000_000L);
        });
        LoopStatistics stats = loop.runRealTime(Duration.ofMillis(600));
        assertThat(stats.deadlineMisses()).isGreaterThanOrEqualTo(2 * (stats.ticks() - 1));
        assertThat(stats.worstLatenessNanos()).isGreaterThan(20_000_000L);
        assertThat(overrun[0]).isTrue();
    }

    @Test
    void aBurstOfMissesInOneTickCountsAsAllOfThem() {
        DeadlineWindow window = new DeadlineWindow(Duration.ofSeconds(10), 10);
        assertThat(window.overrun(10, 0)).isFalse();
        assertThat(window.overrun(11, TICK)).isTrue();
        assertThat(window.overrun(11, Duration.ofSeconds(10).toNanos())).isFalse();
    }
}
