package org.healbms.drivers.acquisition;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.core.reading.ReadingFrame;

/**
 * Polls each device at its own rate and produces one immutable {@link ReadingFrame} per tick.
 *
 * <p>Two ways to run it. {@link #runRealTime} samples every device on its own thread and assembles
 * frames at a fixed rate on another, so a device that hangs only ages its own values. {@link #stepTo}
 * is the same logic driven by a caller-owned clock, one call per tick, with devices sampled in line
 * when due: deterministic, and as fast as the machine allows, for tests and simulated runs.
 */
public final class AcquisitionLoop {

    /** The longest the real-time loop's first frame waits for the devices' first attempts. */
    static final Duration FIRST_ATTEMPTS_WAIT = Duration.ofSeconds(2);

    private final List<DeviceSampler> samplers = new ArrayList<>();
    private final FrameAssembler assembler;
    private final long tickNanos;
    private final MonotonicClock clock;
    private final List<FrameListener> listeners = new CopyOnWriteArrayList<>();
    private final long[] nextDue;

    private volatile boolean stopRequested;
    private long ticks;
    private long deadlineMisses;
    private long worstLatenessNanos;

    public AcquisitionLoop(List<SampledDevice> devices, Duration tickPeriod, MonotonicClock clock) {
        if (tickPeriod.isNegative() || tickPeriod.isZero()) {
            throw new IllegalArgumentException("tick period must be positive, got " + tickPeriod);
        }
        for (SampledDevice d : devices) {
            if (d.period().isNegative() || d.period().isZero()) {
                throw new IllegalArgumentException(d.id() + ": sampling period must be positive, got " + d.period());
            }
            samplers.add(new DeviceSampler(d, clock));
        }
        this.assembler = new FrameAssembler(devices);
        this.tickNanos = tickPeriod.toNanos();
        this.clock = clock;
        this.nextDue = new long[devices.size()];
        Arrays.fill(nextDue, Long.MIN_VALUE);
    }

    public List<Channel> layout() {
        return assembler.layout();
    }

    public void addListener(FrameListener listener) {
        listeners.add(listener);
    }

    public List<DeviceHealth> deviceHealth() {
        List<DeviceHealth> health = new ArrayList<>(samplers.size());
        for (DeviceSampler s : samplers) {
            health.add(s.health());
        }
        return health;
    }

    public synchronized LoopStatistics statistics() {
        return new LoopStatistics(ticks, deadlineMisses, worstLatenessNanos);
    }

    /** {@code statistics().deadlineMisses()} without the record, for a caller that asks every tick. */
    public synchronized long deadlineMisses() {
        return deadlineMisses;
    }

    /**
     * One tick on a caller-driven clock: samples the devices that are due at {@code clock.nanoTime()},
     * then assembles and publishes the frame.
     */
    public ReadingFrame stepTo() throws IOException {
        long now = clock.nanoTime();
        for (int d = 0; d < samplers.size(); d++) {
            if (nextDue[d] == Long.MIN_VALUE || now >= nextDue[d]) {
                samplers.get(d).sampleOnce();
                long period = samplers.get(d).device().period().toNanos();
                nextDue[d] = nextDue[d] == Long.MIN_VALUE ? now + period : Math.max(nextDue[d] + period, now);
            }
        }
        return publish(now, 0);
    }

    /**
     * Runs on the wall clock for {@code duration}: one sampling thread per device, frames at the tick
     * rate on the calling thread. Returns when the time is up, or throws when a listener fails.
     */
    public LoopStatistics runRealTime(Duration duration) throws IOException {
        List<Thread> threads = new ArrayList<>();
        long start = clock.nanoTime();
        long end = start + duration.toNanos();
        try {
            for (DeviceSampler s : samplers) {
                threads.add(Thread.ofVirtual().name("sample-" + s.device().id()).start(() -> sampleUntil(s, end)));
            }
            awaitFirstAttempts(Math.min(end, start + FIRST_ATTEMPTS_WAIT.toNanos()));
            long due = clock.nanoTime();
            while (due < end && !stopRequested) {
                parkUntil(due);
                long now = clock.nanoTime();
                publish(now, now - due);
                due += tickNanos;
                long behind = clock.nanoTime() - due;
                if (behind > tickNanos) {
                    // Far behind (the machine was suspended, a listener stalled): skip ahead rather
                    // than burst frames to catch up. Each tick skipped missed its deadline: counted
                    // here, since the next tick, due now, starts on time.
                    skipped(behind / tickNanos, behind);
                    due = clock.nanoTime();
                }
            }
        } finally {
            for (Thread t : threads) {
                t.interrupt();
            }
        }
        return statistics();
    }

    /**
     * The first frame waits for every device's first attempt, so that it holds measurements: a frame
     * of values never sampled would start the measurement faults' debounce (1 s for the cell
     * voltages) with nothing measured yet, and on a loaded machine a first sample (cold code, a
     * wake-up, the open-wire check) can take longer than that. A device that hangs does not hold the
     * loop longer than {@link #FIRST_ATTEMPTS_WAIT}: its values then start STALE, as they would.
     */
    private void awaitFirstAttempts(long deadlineNanos) {
        while (clock.nanoTime() < deadlineNanos && !stopRequested) {
            boolean all = true;
            for (DeviceSampler s : samplers) {
                all &= s.health().attempts() > 0;
            }
            if (all) {
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Ends {@link #runRealTime} after the tick in progress (from any thread, e.g. a SIGTERM hook). */
    public void stop() {
        stopRequested = true;
    }

    private void sampleUntil(DeviceSampler sampler, long end) {
        long period = sampler.device().period().toNanos();
        long due = clock.nanoTime();
        while (due < end && !stopRequested && !Thread.currentThread().isInterrupted()) {
            sampler.sampleOnce();
            due = Math.max(due + period, clock.nanoTime());
            parkUntil(due);
        }
    }

    private void parkUntil(long dueNanos) {
        long wait;
        while ((wait = dueNanos - clock.nanoTime()) > 0
                && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(wait);
        }
    }

    private synchronized void skipped(long ticks, long latenessNanos) {
        deadlineMisses += ticks;
        worstLatenessNanos = Math.max(worstLatenessNanos, latenessNanos);
    }

    private ReadingFrame publish(long now, long latenessNanos) throws IOException {
        ReadingFrame frame;
        synchronized (this) {
            frame = assembler.assemble(ticks, now, deviceHealth());
            ticks++;
            worstLatenessNanos = Math.max(worstLatenessNanos, latenessNanos);
            if (latenessNanos > tickNanos) {
                deadlineMisses++;
            }
        }
        for (FrameListener l : listeners) {
            l.onFrame(frame);
        }
        return frame;
    }
}
