package org.healbms.firmware.coap;

import java.util.List;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.TelemetrySnapshot;

/**
 * An observable read resource rendering part of the latest telemetry snapshot as SenML, JSON or
 * CBOR by the request's Accept option (JSON when none is given). A render that returns null says
 * the snapshot has nothing for this resource (a cell without the hardware): 4.04. A render may read
 * the request's query; one it cannot take it refuses with {@link IllegalArgumentException}: 4.00
 * with that message. Discovery lists only what answers GET: a resource whose render gives null for
 * the latest snapshot is left out of it. Every answer, notifications included, carries a Max-Age of the notification period: the data
 * is fresh until the next snapshot is notified, not for CoAP's default 60 s.
 */
final class SnapshotResource extends CoapResource {

    private final FirmwareControl firmware;
    private final AccessPolicy policy;
    private final String baseName;
    private final long maxAgeS;
    private final Render render;

    /** Renders the snapshot for a request with these query parameters ({@code key=value} each). */
    @FunctionalInterface
    interface Render {
        List<Senml.Entry> apply(TelemetrySnapshot snapshot, List<String> query);
    }

    SnapshotResource(
            String name,
            String resourceType,
            String title,
            FirmwareControl firmware,
            AccessPolicy policy,
            String baseName,
            long maxAgeS,
            Function<TelemetrySnapshot, List<Senml.Entry>> render) {
        this(name, resourceType, title, firmware, policy, baseName, maxAgeS, (s, query) -> render.apply(s));
    }

    SnapshotResource(
            String name,
            String resourceType,
            String title,
            FirmwareControl firmware,
            AccessPolicy policy,
            String baseName,
            long maxAgeS,
            Render render) {
        super(name);
        this.firmware = firmware;
        this.policy = policy;
        this.baseName = baseName;
        this.maxAgeS = maxAgeS;
        this.render = render;
        setObservable(true);
        getAttributes().addResourceType(resourceType);
        getAttributes().setTitle(title);
        getAttributes().addContentType(Senml.CONTENT_FORMAT_JSON);
        getAttributes().addContentType(Senml.CONTENT_FORMAT_CBOR);
        getAttributes().setObservable();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        if (TelemetryServer.refusedRead(exchange, policy)) {
            return;
        }
        TelemetrySnapshot s = firmware.snapshot();
        if (s == null) {
            exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "no telemetry yet", MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        List<Senml.Entry> entries;
        try {
            entries = render.apply(s, exchange.getRequestOptions().getUriQuery());
        } catch (IllegalArgumentException e) {
            exchange.respond(ResponseCode.BAD_REQUEST, e.getMessage(), MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        if (entries == null) {
            exchange.respond(
                    ResponseCode.NOT_FOUND,
                    "not on this board: " + getAttributes().getTitle(),
                    MediaTypeRegistry.TEXT_PLAIN);
            return;
        }
        respond(exchange, baseName, s.epochMillis() / 1000.0, entries, maxAgeS);
    }

    /** In discovery unless the latest snapshot says the board does not have it (a cell without an impedance front end). */
    @Override
    public boolean isVisible() {
        TelemetrySnapshot s = firmware.snapshot();
        return super.isVisible() && (s == null || render.apply(s, List.of()) != null);
    }

    static void respond(CoapExchange exchange, String baseName, double timeS, List<Senml.Entry> entries, long maxAgeS) {
        exchange.setMaxAge(maxAgeS);
        int accept = exchange.getRequestOptions().getAccept();
        if (accept == MediaTypeRegistry.UNDEFINED || accept == Senml.CONTENT_FORMAT_JSON) {
            exchange.respond(ResponseCode.CONTENT, Senml.json(baseName, timeS, entries), Senml.CONTENT_FORMAT_JSON);
        } else if (accept == Senml.CONTENT_FORMAT_CBOR) {
            exchange.respond(ResponseCode.CONTENT, Senml.cbor(baseName, timeS, entries), Senml.CONTENT_FORMAT_CBOR);
        } else {
            exchange.respond(
                    ResponseCode.NOT_ACCEPTABLE, "SenML JSON (110) or CBOR (112) only", MediaTypeRegistry.TEXT_PLAIN);
        }
    }
}
