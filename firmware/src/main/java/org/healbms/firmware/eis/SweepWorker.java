package org.healbms.firmware.eis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.healbms.core.impedance.ImpedanceFit;
import org.healbms.core.impedance.ImpedanceSample;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.drivers.ad5941.Ad5941;
import org.healbms.drivers.ad5941.ImpedancePoint;
import org.healbms.drivers.ad5941.ImpedanceSpectrum;
import org.healbms.drivers.ad5941.SweepPlan;
import org.healbms.drivers.bus.BusException;

/**
 * Sweeps and fits on a thread of its own. A sweep takes about a minute (a 1 Hz point needs
 * seconds of DFT, twice) and the fit up to a second of CPU: either on the control thread would
 * miss its deadlines, so the control loop only starts a sweep here, may ask it to stop, and picks
 * up the outcome on a later tick. One sweep at a time: the front ends share the SPI bus (and, on
 * an emulated board, one sweep clock).
 */
public final class SweepWorker implements AutoCloseable {

    /** Opens a cell's front end and initialises it; called on the sweep thread, again after a failure. */
    @FunctionalInterface
    public interface FrontEnd {
        Ad5941 open() throws BusException;
    }

    private final Map<Integer, FrontEnd> frontEnds;
    private final SweepPlan plan;
    private final MonotonicClock monotonic;
    private final Clock wall;
    /** Front ends opened so far; touched by the sweep thread only. */
    private final Map<Integer, Ad5941> opened = new HashMap<>();

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("eis-sweep").daemon().factory());
    private final AtomicReference<Running> running = new AtomicReference<>();
    private final Queue<SweepOutcome> finished = new ConcurrentLinkedQueue<>();

    /** The sweep in progress; its abort and the thread's interrupt are taken in turns with its end. */
    private static final class Running {
        final int cell;
        final String trigger;
        final long startedNanos;
        final long startedAtEpochMs;
        private String abortReason;
        private Thread thread;
        private boolean ended;

        Running(int cell, String trigger, long startedNanos, long startedAtEpochMs) {
            this.cell = cell;
            this.trigger = trigger;
            this.startedNanos = startedNanos;
            this.startedAtEpochMs = startedAtEpochMs;
        }

        synchronized void attach(Thread t) {
            thread = t;
        }

        synchronized void abort(String reason) {
            if (abortReason == null) {
                abortReason = reason;
            }
            if (thread != null && !ended) {
                thread.interrupt(); // a sleeping driver stops at once, and stops exciting the cell
            }
        }

        synchronized String abortReason() {
            return abortReason;
        }

        /** Called by the sweep thread when done: no interrupt meant for this sweep reaches the next one. */
        synchronized void end() {
            ended = true;
            Thread.interrupted();
        }
    }

    /**
     * @param frontEnds by cell (1-based)
     * @param monotonic the firmware's clock, which times each sweep
     * @param wall      the wall clock each sweep's record is stamped with
     */
    public SweepWorker(Map<Integer, FrontEnd> frontEnds, SweepPlan plan, MonotonicClock monotonic, Clock wall) {
        this.frontEnds = Map.copyOf(frontEnds);
        this.plan = plan;
        this.monotonic = monotonic;
        this.wall = wall;
    }

    /** The wall clock the records are stamped with. */
    Clock wall() {
        return wall;
    }

    /** The cells with a front end, in order. */
    public Set<Integer> cells() {
        return new TreeSet<>(frontEnds.keySet());
    }

    /** Starts sweeping a cell; false when a sweep is running already. Thread-safe. */
    boolean start(int cell, String trigger, long nowNanos) {
        if (!frontEnds.containsKey(cell)) {
            throw new IllegalArgumentException("cell " + cell + " has no impedance front end");
        }
        Running r = new Running(cell, trigger, nowNanos, wall.millis());
        if (!running.compareAndSet(null, r)) {
            return false;
        }
        try {
            thread.execute(() -> sweep(r));
        } catch (RejectedExecutionException e) {
            running.set(null); // stopped: the firmware is closing
            return false;
        }
        return true;
    }

    /** The cell being swept, if any. */
    OptionalInt sweeping() {
        Running r = running.get();
        return r == null ? OptionalInt.empty() : OptionalInt.of(r.cell);
    }

    /** Asks the running sweep, if any, to stop; its outcome then comes back aborted with this reason. */
    void abort(String reason) {
        Running r = running.get();
        if (r != null) {
            r.abort(reason);
        }
    }

    /**
     * The next outcome of a sweep that ended and has not been taken yet, or null: one at a time, so
     * the control tick, which asks every time, makes no list when none has ended.
     */
    SweepOutcome nextFinished() {
        return finished.poll();
    }

    private void sweep(Running r) {
        r.attach(Thread.currentThread());
        long began = monotonic.nanoTime();
        ImpedanceFit.Result fit = null;
        String failure = null;
        try {
            if (r.abortReason() == null) {
                Ad5941 afe = opened.get(r.cell);
                if (afe == null) {
                    afe = frontEnds.get(r.cell).open();
                    opened.put(r.cell, afe);
                }
                ImpedanceSpectrum spectrum = afe.sweep(plan);
                failure = invalidPoints(spectrum);
                if (r.abortReason() == null && failure == null) {
                    fit = ImpedanceFit.fit(samples(spectrum));
                }
            }
        } catch (InterruptedException e) {
            failure = "interrupted";
        } catch (BusException e) {
            failure = "front end: " + e.getMessage();
        } catch (IllegalArgumentException e) {
            failure = "fit: " + e.getMessage();
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        if (fit == null) {
            // Stopped or failed mid-sweep: the chip is set up afresh before the next sweep.
            opened.remove(r.cell);
        }
        r.end();
        finished.add(new SweepOutcome(
                r.cell,
                r.trigger,
                r.startedNanos,
                r.startedAtEpochMs,
                monotonic.nanoTime() - began,
                fit,
                failure,
                r.abortReason()));
        running.compareAndSet(r, null);
    }

    /** A clipped or unexcited point means the front end or its wiring is not right: no fit on the rest. */
    private static String invalidPoints(ImpedanceSpectrum spectrum) {
        List<String> faults = spectrum.points().stream()
                .filter(p -> !p.valid())
                .map(p ->
                        "%.1f Hz %s".formatted(p.frequencyHz(), p.fault().name().toLowerCase()))
                .toList();
        return faults.isEmpty()
                ? null
                : "spectrum: %d of %d points invalid (%s)"
                        .formatted(
                                faults.size(),
                                spectrum.points().size(),
                                String.join(", ", faults.subList(0, Math.min(3, faults.size()))));
    }

    private static List<ImpedanceSample> samples(ImpedanceSpectrum spectrum) {
        List<ImpedanceSample> samples = new ArrayList<>();
        for (ImpedancePoint p : spectrum.points()) {
            samples.add(new ImpedanceSample(p.frequencyHz(), p.realOhm(), p.imagOhm()));
        }
        return samples;
    }

    /** Stops the running sweep (if any) and the thread; waits up to {@code timeoutMs}. */
    void stop(String reason, long timeoutMs) throws InterruptedException {
        abort(reason);
        thread.shutdown();
        if (!thread.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS)) {
            thread.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop("the firmware is closing", 5000);
    }
}
