package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.healbms.firmware.telemetry.CommandRefused;
import org.junit.jupiter.api.Test;

/**
 * The one way in for commands: effects run on the thread that drains (the control thread), never on
 * the thread that sends; a full queue refuses at once; a command withdrawn before the tick took it is
 * never carried out. The effects here stand in for the tick's own (the tick itself is not needed).
 */
class CommandQueueTest {

    @Test
    void commandsSentFromOtherThreadsAreCarriedOutOnTheDrainingThreadInOrder() throws Exception {
        CommandQueue queue = new CommandQueue(CommandQueue.CAPACITY);
        List<String> order = new ArrayList<>();
        List<CompletableFuture<Thread>> ran = new ArrayList<>();
        Thread sender = Thread.ofPlatform().name("coap-protocol").start(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                ran.add(queue.submit("probe " + n, tick -> {
                    order.add("probe " + n);
                    return Thread.currentThread();
                }));
            }
        });
        sender.join();
        assertThat(ran).noneMatch(CompletableFuture::isDone);
        queue.drainInto(null);
        assertThat(order).containsExactly("probe 0", "probe 1", "probe 2");
        for (var r : ran) {
            assertThat(r.get()).isSameAs(Thread.currentThread()).isNotSameAs(sender);
        }
    }

    @Test
    void aFullQueueRefusesAtOnceAndCarriesOutNothingOfTheRefusedCommand() {
        CommandQueue queue = new CommandQueue(2);
        AtomicInteger carriedOut = new AtomicInteger();
        var first = queue.submit("one", tick -> carriedOut.incrementAndGet());
        var second = queue.submit("two", tick -> carriedOut.incrementAndGet());
        var third = queue.submit("three", tick -> carriedOut.incrementAndGet());
        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(third::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(CommandRefused.class)
                .hasMessage("the firmware's command queue is full (2 waiting for the control loop): three not taken;"
                        + " try again");
        queue.drainInto(null);
        assertThat(carriedOut).hasValue(2);
        assertThat(first).isCompletedWithValue(1);
        assertThat(second).isCompletedWithValue(2);
        assertThat(queue.submit("four", tick -> carriedOut.incrementAndGet())).isNotDone();
    }

    @Test
    void aCommandWithdrawnBeforeTheTickTookItIsNeverCarriedOut() {
        CommandQueue queue = new CommandQueue(CommandQueue.CAPACITY);
        AtomicInteger carriedOut = new AtomicInteger();
        var late = queue.submit("late", tick -> carriedOut.incrementAndGet());
        assertThat(late.cancel(false)).isTrue();
        queue.drainInto(null);
        assertThat(carriedOut).hasValue(0);
        assertThat(late).isCancelled();
    }

    @Test
    void aCommandTheTickHasTakenCannotBeWithdrawn() {
        CommandQueue queue = new CommandQueue(CommandQueue.CAPACITY);
        AtomicInteger attempts = new AtomicInteger();
        List<CompletableFuture<String>> self = new ArrayList<>();
        self.add(queue.submit("taken", tick -> {
            // A caller giving up while the tick carries it out: too late, the answer still comes.
            attempts.set(self.getFirst().cancel(false) ? -1 : 1);
            return "done";
        }));
        queue.drainInto(null);
        assertThat(attempts).hasValue(1);
        assertThat(self.getFirst()).isCompletedWithValue("done");
    }

    @Test
    void aClosedQueueRefusesWhatWaitsAndWhatComes() {
        CommandQueue queue = new CommandQueue(CommandQueue.CAPACITY);
        var waiting = queue.submit("waiting", tick -> 1);
        queue.close("the firmware is stopping");
        var after = queue.submit("after", tick -> 2);
        assertThat(waiting).isCompletedExceptionally();
        assertThat(after).isCompletedExceptionally();
        assertThatThrownBy(after::get)
                .cause()
                .isInstanceOf(CommandRefused.class)
                .hasMessage("after not taken: the firmware is stopping");
        assertThatThrownBy(waiting::get).cause().hasMessage("waiting not carried out: the firmware is stopping");
    }
}
