package org.healbms.firmware.telemetry;

import java.net.InetSocketAddress;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * Who asked for a write: the authenticated DTLS identity and the address it came from, so the
 * audit log says who changed the rules, the healing mode, acknowledged a fault or started a sweep,
 * as it already did for refusals.
 */
public record Requester(String identity, InetSocketAddress peer) {

    public static Requester of(CoapExchange exchange) {
        var ctx = exchange.advanced().getRequest().getSourceContext();
        return new Requester(
                ctx.getPeerIdentity() == null ? null : ctx.getPeerIdentity().getName(), ctx.getPeerAddress());
    }

    /** For the audit log, e.g. {@code identity bench from 127.0.0.1:40123}. */
    @Override
    public String toString() {
        String from = peer == null
                ? "an unknown address"
                : (peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString()) + ":"
                        + peer.getPort();
        return (identity == null ? "no identity" : "identity " + identity) + " from " + from;
    }
}
