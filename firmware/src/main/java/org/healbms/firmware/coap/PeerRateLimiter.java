package org.healbms.firmware.coap;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.ServerMessageDeliverer;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * Per-peer rate limiting in front of the resources: a token bucket per source address; a peer
 * over its rate gets 4.29 Too Many Requests and its request never reaches a resource.
 */
final class PeerRateLimiter extends ServerMessageDeliverer {

    private final double ratePerS;
    private final double burst;
    private final ConcurrentHashMap<InetSocketAddress, double[]> buckets = new ConcurrentHashMap<>(); // {tokens, last s}

    PeerRateLimiter(Resource root, double ratePerS, double burst) {
        super(root);
        this.ratePerS = ratePerS;
        this.burst = burst;
    }

    @Override
    protected boolean preDeliverRequest(Exchange exchange) {
        InetSocketAddress peer = exchange.getRequest().getSourceContext().getPeerAddress();
        double now = System.nanoTime() / 1e9;
        double[] b = buckets.computeIfAbsent(peer, k -> new double[] {burst, now});
        boolean allowed;
        synchronized (b) {
            b[0] = Math.min(burst, b[0] + (now - b[1]) * ratePerS);
            b[1] = now;
            allowed = b[0] >= 1;
            if (allowed) {
                b[0] -= 1;
            }
        }
        if (!allowed) {
            exchange.sendResponse(new Response(ResponseCode.TOO_MANY_REQUESTS));
            return true;
        }
        return false;
    }
}
