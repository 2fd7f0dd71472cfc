package org.healbms.firmware.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.healbms.firmware.telemetry.CommandRefused;

/**
 * The one way in for what the outside asks of the firmware (a fault acknowledgement, the healing mode,
 * new rules, an impedance sweep): bounded, drained by the control tick at the start of a tick, so the
 * supervisor, the healing controller and the impedance tracker are only ever touched on the control
 * thread. A full queue refuses at once rather than block a network thread; each command's answer comes
 * back through its future, completed by the tick.
 */
final class CommandQueue {

    /**
     * Commands come from people and scripts through CoAP, already rate-limited per peer; a tick (100 ms)
     * drains them all, so a queue this long is only full when the loop has stalled or a peer floods.
     */
    static final int CAPACITY = 16;

    private final BlockingQueue<Queued<?>> queue;
    private String closedBecause;

    CommandQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Queues {@code effect} for the next tick.
     *
     * @return its answer; failed with {@link CommandRefused} (nothing done) when the queue is full or closed
     */
    synchronized <T> CompletableFuture<T> submit(String what, Function<ControlTick, T> effect) {
        Queued<T> command = new Queued<>(what, effect);
        if (closedBecause != null) {
            command.refuse(what + " not taken: " + closedBecause);
        } else if (!queue.offer(command)) {
            command.refuse("the firmware's command queue is full (" + queue.size() + " waiting for the control loop): "
                    + what + " not taken; try again");
        }
        return command;
    }

    /** Carries out every queued command, in order, on the calling (control) thread. */
    void drainInto(ControlTick tick) {
        Queued<?> command;
        while ((command = queue.poll()) != null) {
            command.carryOut(tick);
        }
    }

    /** Refuses whatever is still queued, and every command from now on: no tick will drain them. */
    synchronized void close(String reason) {
        closedBecause = reason;
        Queued<?> command;
        while ((command = queue.poll()) != null) {
            command.refuse(command.what + " not carried out: " + reason);
        }
    }

    /**
     * A command and its answer. Whoever first takes it decides: the tick (it will be carried out) or
     * a caller that gave up waiting and cancels it (it never will be), so an answer of "timed out"
     * never hides a command applied late.
     */
    private static final class Queued<T> extends CompletableFuture<T> {
        private final String what;
        private final Function<ControlTick, T> effect;
        private final AtomicBoolean taken = new AtomicBoolean();

        Queued(String what, Function<ControlTick, T> effect) {
            this.what = what;
            this.effect = effect;
        }

        void carryOut(ControlTick tick) {
            if (!taken.compareAndSet(false, true)) {
                return; // withdrawn by its caller
            }
            try {
                complete(effect.apply(tick));
            } catch (RuntimeException e) {
                completeExceptionally(e);
            }
        }

        void refuse(String message) {
            if (taken.compareAndSet(false, true)) {
                completeExceptionally(new CommandRefused(message));
            }
        }

        /** Withdraws the command if the tick has not taken it yet; false if it is being (or was) carried out. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return taken.compareAndSet(false, true) && super.cancel(mayInterruptIfRunning);
        }
    }
}
