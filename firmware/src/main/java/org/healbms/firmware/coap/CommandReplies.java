package org.healbms.firmware.coap;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.healbms.firmware.telemetry.CommandRefused;

/**
 * Answers a CoAP write once the firmware's control tick has carried the command out, without holding
 * the one protocol thread while it waits: the answer is sent from that thread when the command's future
 * completes. A loop that does not take the command within {@link #DEFAULT_TIMEOUT} has it withdrawn (never
 * carried out late) and the peer gets 5.03, as for a full command queue; it may try again.
 */
final class CommandReplies {

    /**
     * Under CoAP's 2 s ACK_TIMEOUT, so even the 5.03 goes back piggybacked on the ACK before the client
     * retransmits; a working loop answers within one tick (100 ms).
     */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1500);
    /** After a 5.03 for a busy or stalled loop, the peer may try again after this (Max-Age, RFC 7252 5.9.3.4). */
    static final long RETRY_AFTER_S = 1;

    private final Executor protocolStage;
    private final ScheduledExecutorService timer;
    private final Duration timeout;

    CommandReplies(Executor protocolStage, ScheduledExecutorService timer, Duration timeout) {
        // The future is completed on the control thread: a server closed meanwhile has no answer to
        // send, and its refusal must not reach the control tick.
        this.protocolStage = task -> {
            try {
                protocolStage.execute(task);
            } catch (RejectedExecutionException e) {
                // closed: the peer's exchange is gone with the server
            }
        };
        this.timer = timer;
        this.timeout = timeout;
    }

    /** Answers {@code exchange} with {@code respond} once {@code command} has been carried out, or with 5.03. */
    <T> void reply(CoapExchange exchange, CompletableFuture<T> command, BiConsumer<CoapExchange, T> respond) {
        if (!command.isDone()) {
            var withdraw = timer.schedule(() -> command.cancel(false), timeout.toMillis(), TimeUnit.MILLISECONDS);
            command.whenComplete((r, e) -> withdraw.cancel(false));
        }
        command.whenCompleteAsync(
                (answer, failure) -> {
                    if (failure == null) {
                        respond.accept(exchange, answer);
                        return;
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    switch (cause) {
                        case CancellationException c ->
                            unavailable(
                                    exchange,
                                    "the control loop did not take the command" + " within " + timeout.toMillis()
                                            + " ms; it was not carried out, try again");
                        case CommandRefused r -> unavailable(exchange, r.getMessage());
                        default ->
                            exchange.respond(
                                    ResponseCode.INTERNAL_SERVER_ERROR,
                                    "the command failed: " + cause.getMessage(),
                                    MediaTypeRegistry.TEXT_PLAIN);
                    }
                },
                protocolStage);
    }

    private static void unavailable(CoapExchange exchange, String why) {
        exchange.setMaxAge(RETRY_AFTER_S);
        exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, why, MediaTypeRegistry.TEXT_PLAIN);
    }
}
