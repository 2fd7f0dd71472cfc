package org.healbms.firmware.coap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.passport.PassportJson;
import org.healbms.firmware.telemetry.FirmwareControl;

/**
 * {@code passport}: the pack's life story, state of health and healing ledger as HealBMS's passport
 * JSON ({@link PassportJson#packView}), and {@code passport?cell=N} one cell's, with its SoH's 1σ
 * ({@link PassportJson#cellView}); each small enough for one answer whatever the pack's size. Observable. It is taken when the state is
 * saved, so observers are notified once per save, not per tick. The Battery Pass export is
 * {@code healbms passport}'s, from the state directory.
 */
final class PassportResource extends CoapResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FirmwareControl firmware;
    private final AccessPolicy policy;
    private final long maxAgeS;

    PassportResource(FirmwareControl firmware, AccessPolicy policy, long maxAgeS) {
        super("passport");
        this.firmware = firmware;
        this.policy = policy;
        this.maxAgeS = maxAgeS;
        setObservable(true);
        getAttributes().addResourceType("healbms.passport");
        getAttributes().setTitle("life story, state of health and healing ledger (JSON)");
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
        getAttributes().setObservable();
    }

    /** {@code cell=N} (1-based) or nothing: the pack. */
    private static int cell(List<String> query) {
        int cell = 0;
        for (String q : query) {
            if (!q.startsWith("cell=")) {
                throw new IllegalArgumentException("passport takes only ?cell=N, not '" + q + "'");
            }
            try {
                cell = Integer.parseInt(q.substring(5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cell=" + q.substring(5) + " is not a cell number");
            }
            if (cell < 1) {
                throw new IllegalArgumentException("cell=" + cell + " is not a cell number (1, 2, ...)");
            }
        }
        return cell;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        if (TelemetryServer.refusedRead(exchange, policy) || TelemetryServer.refusedJsonAccept(exchange)) {
            return;
        }
        Passport p = firmware.passport();
        if (p == null) {
            exchange.respond(
                    ResponseCode.SERVICE_UNAVAILABLE,
                    "no passport yet: it is taken at the first save",
                    MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        ObjectNode view;
        try {
            int cell = cell(exchange.getRequestOptions().getUriQuery());
            view = cell == 0 ? PassportJson.packView(p) : PassportJson.cellView(p, cell);
        } catch (IllegalArgumentException e) {
            exchange.respond(ResponseCode.BAD_REQUEST, e.getMessage(), MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        exchange.setMaxAge(maxAgeS);
        try {
            exchange.respond(ResponseCode.CONTENT, JSON.writeValueAsBytes(view), MediaTypeRegistry.APPLICATION_JSON);
        } catch (JsonProcessingException e) {
            exchange.respond(
                    ResponseCode.INTERNAL_SERVER_ERROR, "passport: " + e.getMessage(), MediaTypeRegistry.TEXT_PLAIN);
        }
    }
}
