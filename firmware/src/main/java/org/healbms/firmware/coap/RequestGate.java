package org.healbms.firmware.coap;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.core.server.resources.ResourceObserver;
import org.eclipse.californium.elements.config.Configuration;
import org.healbms.firmware.memory.HeapWatch;

/**
 * The gate in front of the resources, for requests that got past the {@link InboundGate}: per
 * source address a rate (its share of a total budget: 4.29 with a Max-Age saying when to come
 * back); 5.03 with a Max-Age while the heap is short; writes without a DTLS identity answered 4.01
 * here, counted per source in the {@link RefusalTally} rather than audited one by one; and at most
 * {@link CoapLimits#OBSERVES_PER_ADDRESS} observations per address (beyond, an Observe request is
 * answered as a plain GET, which RFC 7641 allows).
 */
final class RequestGate extends ServerMessageDeliverer {

    private final AddressBuckets rates;
    private final DoubleSupplier liveHeap;
    private final RefusalTally tally;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> observing = new ConcurrentHashMap<>();

    RequestGate(
            Resource root, Configuration config, AddressBuckets rates, DoubleSupplier liveHeap, RefusalTally tally) {
        super(root, config);
        this.rates = rates;
        this.liveHeap = liveHeap;
        this.tally = tally;
    }

    @Override
    protected boolean preDeliverRequest(Exchange exchange) {
        Request request = exchange.getRequest();
        var context = request.getSourceContext();
        InetAddress source = context.getPeerAddress().getAddress();
        long wait = rates.take(source, System.nanoTime());
        if (wait > 0) {
            tally.count(RefusalTally.Kind.OVER_RATE, source);
            return refuse(exchange, ResponseCode.TOO_MANY_REQUESTS, wait, null);
        }
        if (liveHeap.getAsDouble() > HeapWatch.SHED) {
            tally.count(RefusalTally.Kind.HEAP, source);
            return refuse(exchange, ResponseCode.SERVICE_UNAVAILABLE, CoapLimits.HEAP_RETRY_S, "busy: try again later");
        }
        if (!CoAP.isObservable(request.getCode()) /* GET and FETCH only read */ && context.getPeerIdentity() == null) {
            tally.count(RefusalTally.Kind.UNAUTHENTICATED_WRITE, source);
            return refuse(exchange, ResponseCode.UNAUTHORIZED, -1, "writes need a DTLS identity");
        }
        if (request.isObserve()) {
            AtomicInteger n = observing.get(source);
            if (n != null && n.get() >= CoapLimits.OBSERVES_PER_ADDRESS) {
                request.getOptions().removeObserve();
            }
        }
        return false;
    }

    private static boolean refuse(Exchange exchange, ResponseCode code, long maxAgeS, String text) {
        Response r = new Response(code);
        if (maxAgeS > 0) {
            r.getOptions().setMaxAge(maxAgeS);
        }
        if (text != null) {
            r.setPayload(text);
            r.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        }
        exchange.sendResponse(r);
        return true;
    }

    /** Counts the observe relations per address of every observable resource under {@code resource}. */
    void watchObservers(Resource resource) {
        if (resource.isObservable()) {
            resource.addObserver(new ResourceObserver() {
                @Override
                public void addedObserveRelation(ObserveRelation relation) {
                    observing
                            .computeIfAbsent(relation.getSource().getAddress(), a -> new AtomicInteger())
                            .incrementAndGet();
                }

                @Override
                public void removedObserveRelation(ObserveRelation relation) {
                    observing.computeIfPresent(
                            relation.getSource().getAddress(), (a, n) -> n.decrementAndGet() <= 0 ? null : n);
                }

                @Override
                public void changedName(String old) {}

                @Override
                public void changedPath(String old) {}

                @Override
                public void addedChild(Resource child) {}

                @Override
                public void removedChild(Resource child) {}
            });
        }
        resource.getChildren().forEach(this::watchObservers);
    }
}
