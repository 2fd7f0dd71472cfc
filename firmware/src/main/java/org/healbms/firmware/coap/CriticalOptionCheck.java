package org.healbms.firmware.coap;

import java.util.List;
import java.util.Set;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.OptionNumberRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;

/**
 * Refuses a request carrying a critical option this server does not act on, before any resource
 * sees it (RFC 7252 §5.4.1): a Confirmable request gets 4.02 Bad Option naming the options, a
 * Non-confirmable one is rejected (RST). Californium's parser already does this for option numbers
 * it has never heard of, but it knows and passes on options it does not implement on a server,
 * among them OSCORE (9) and Q-Block1 (19): without this check a GET protected by OSCORE was
 * answered 2.05 in plaintext, as if the protection had been applied. Proxy-Uri and Proxy-Scheme are
 * critical too, but the RFC gives them their own answer (§5.7.2): 5.05 Proxying Not Supported.
 * <p>
 * It stands in front of the rest of the delivery (rate limiting included): a refusal costs no more
 * than the 4.29 it would otherwise get, and it never reaches a resource or the audit log.
 */
final class CriticalOptionCheck implements MessageDeliverer {

    /**
     * Critical options acted on: Uri-Host and Uri-Port (one virtual host, any name), Uri-Path,
     * Uri-Query, Accept (a resource answers 4.06 for a format it cannot give), Block2 and Block1
     * (Californium's block-wise layer). Not If-Match and If-None-Match: no resource has ETags or
     * conditional writes, so honouring them as "no condition" would be wrong.
     */
    static final Set<Integer> SUPPORTED = Set.of(
            OptionNumberRegistry.URI_HOST,
            OptionNumberRegistry.URI_PORT,
            OptionNumberRegistry.URI_PATH,
            OptionNumberRegistry.URI_QUERY,
            OptionNumberRegistry.ACCEPT,
            OptionNumberRegistry.BLOCK2,
            OptionNumberRegistry.BLOCK1);

    private final MessageDeliverer next;

    CriticalOptionCheck(MessageDeliverer next) {
        this.next = next;
    }

    @Override
    public void deliverRequest(Exchange exchange) {
        Request request = exchange.getRequest();
        if (request.getOptions().hasProxyUri() || request.getOptions().hasProxyScheme()) {
            respond(exchange, ResponseCode.PROXY_NOT_SUPPORTED, "this server is not a proxy");
            return;
        }
        List<Option> unsupported = request.getOptions().asSortedList().stream()
                .filter(o -> o.isCritical() && !SUPPORTED.contains(o.getNumber()))
                .toList();
        if (unsupported.isEmpty()) {
            next.deliverRequest(exchange);
            return;
        }
        StringBuilder text = new StringBuilder("unsupported critical option");
        for (Option o : unsupported) {
            text.append(' ').append(o.getNumber());
            if (o.getDefinition() != null) {
                text.append(" (").append(o.getDefinition().getName()).append(')');
            }
        }
        if (request.getType() == Type.CON) {
            respond(exchange, ResponseCode.BAD_OPTION, text.toString());
        } else {
            exchange.sendReject(); // RFC 7252 4.3: an RST, which also tells the client its request was not taken
        }
    }

    private static void respond(Exchange exchange, ResponseCode code, String why) {
        Response response = new Response(code);
        response.setPayload(why);
        response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        exchange.sendResponse(response);
    }

    @Override
    public void deliverResponse(Exchange exchange, Response response) {
        next.deliverResponse(exchange, response);
    }
}
