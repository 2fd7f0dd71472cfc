package org.healbms.firmware.runtime;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.acquisition.FrameListener;

/**
 * Runs the control tick so that nothing it throws ends the control loop. A failed tick is written to
 * the log and becomes the condition of LISTENER_FAILED on the next tick, whose protection then opens
 * the contactors through the state machine. A tick that fails {@value #FAIL_SAFE_AFTER} times in a
 * row may be failing before protection even runs: then the loop is stopped, and the firmware's
 * stop opens the contactors through the state machine and saves the state.
 */
final class TickGuard implements FrameListener {

    /** Consecutive failed ticks after which protection cannot be trusted to run at all. */
    static final int FAIL_SAFE_AFTER = 3;

    private final FrameListener tick;
    private final PrintWriter log;
    private final Runnable failSafe;
    /** Set when a tick fails, cleared when asked: shared with the runtime diagnoses, which ask once per tick. */
    private final AtomicBoolean failedSinceAsked;

    private int consecutive;
    private volatile String failSafeReason;

    /**
     * @param failed   set when a tick fails (LISTENER_FAILED's condition, read and cleared by its watcher)
     * @param failSafe stops the loop (called on the control thread, once), after which the firmware's
     *                 own stop opens the contactors and saves the state
     */
    TickGuard(FrameListener tick, AtomicBoolean failed, PrintWriter log, Runnable failSafe) {
        this.tick = tick;
        this.failedSinceAsked = failed;
        this.log = log;
        this.failSafe = failSafe;
    }

    @Override
    public void onFrame(ReadingFrame frame) {
        try {
            tick.onFrame(frame);
            consecutive = 0;
        } catch (Exception | Error e) {
            // Errors too (a stack overflow, an assertion, even running out of memory once): whatever
            // it was, the pack must reach its safe state, and a next tick may well manage it.
            failedSinceAsked.set(true);
            consecutive++;
            log.println("healbms run: error: control tick " + frame.tick() + " failed (" + consecutive + " in a row): "
                    + e);
            e.printStackTrace(log);
            log.flush();
            if (consecutive == FAIL_SAFE_AFTER) {
                failSafeReason = "the control tick failed " + FAIL_SAFE_AFTER + " times in a row, last: " + e;
                failSafe.run();
            }
        }
    }

    /** Whether a tick failed since the last call: LISTENER_FAILED's condition, asked once per tick. */
    boolean failedSinceAsked() {
        return failedSinceAsked.getAndSet(false);
    }

    /** Why the guard stopped the loop, or null if it did not. */
    String failSafeReason() {
        return failSafeReason;
    }
}
