package org.healbms.deploy.coap;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.healbms.deploy.persist.AuditLog;
import org.healbms.deploy.runtime.TelemetrySnapshot;

/**
 * Telemetry and control over CoAP (Eclipse Californium): discovery at {@code /.well-known/core},
 * observable SenML read resources ({@code pack}, {@code cells/N}, {@code signatures}), the audit log
 * paged ({@code audit?from=&count=}), and the healing rules ({@code rules}: GET the rules in force,
 * PUT a new rules file, validated whole: 4.00 with every problem and the old rules keep running).
 * Observers are notified from the server's own thread at most once per {@code notifyPeriodMs} and
 * only when the snapshot changed: a slow observer costs the control loop nothing.
 */
public final class TelemetryServer implements AutoCloseable {

    private final CoapServer server;
    private final FirmwareControl firmware;
    private final List<CoapResource> observable = new ArrayList<>();
    private final Thread notifier;
    private volatile boolean closed;

    public TelemetryServer(FirmwareControl firmware, InetSocketAddress bind, int cells, long notifyPeriodMs) {
        this.firmware = firmware;
        Configuration config = Configuration.createStandardWithoutFile();
        this.server = new CoapServer(config);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(bind).build());

        SnapshotResource pack = new SnapshotResource("pack", "healbms.pack", "pack state, limits and faults", firmware,
                "urn:dev:healbms:pack:", TelemetryServer::pack);
        CoapResource cellsParent = new CoapResource("cells");
        cellsParent.getAttributes().setTitle("one resource per cell");
        for (int k = 1; k <= cells; k++) {
            int cell = k;
            SnapshotResource r = new SnapshotResource(Integer.toString(k), "healbms.cell", "cell " + k, firmware,
                    "urn:dev:healbms:cell:" + k + ":", s -> cell(s, cell));
            cellsParent.add(r);
            observable.add(r);
        }
        SnapshotResource signatures = new SnapshotResource("signatures", "healbms.signatures", "active degradation signatures",
                firmware, "urn:dev:healbms:", TelemetryServer::signatures);
        observable.add(pack);
        observable.add(signatures);
        server.add(pack, cellsParent, signatures, new AuditResource(firmware), new RulesResource(firmware));
        this.notifier = Thread.ofVirtual().name("coap-notify").unstarted(() -> notifyLoop(notifyPeriodMs));
    }

    public void start() {
        server.start();
        notifier.start();
    }

    /** The UDP port the server listens on (useful when bound to port 0). */
    public int port() {
        return server.getEndpoints().getFirst().getAddress().getPort();
    }

    private void notifyLoop(long periodMs) {
        long lastTick = -1;
        while (!closed) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
            TelemetrySnapshot s = firmware.snapshot();
            if (s != null && s.tick() != lastTick) {
                lastTick = s.tick();
                observable.forEach(CoapResource::changed);
            }
        }
    }

    static List<Senml.Entry> pack(TelemetrySnapshot s) {
        List<Senml.Entry> e = new ArrayList<>();
        e.add(Senml.Entry.text("state", s.packState()));
        e.add(Senml.Entry.number("charge_limit", "A", s.chargeLimitA()));
        e.add(Senml.Entry.number("discharge_limit", "A", s.dischargeLimitA()));
        double soc = s.cells().stream().mapToDouble(TelemetrySnapshot.Cell::soc).min().orElse(Double.NaN);
        e.add(Senml.Entry.number("soc_min", "/", soc));
        e.add(Senml.Entry.flag("fault", !s.activeFaults().isEmpty()));
        for (String f : s.activeFaults()) {
            e.add(Senml.Entry.text("active_fault", f));
        }
        return e;
    }

    static List<Senml.Entry> cell(TelemetrySnapshot s, int cell) {
        for (TelemetrySnapshot.Cell c : s.cells()) {
            if (c.cell() == cell) {
                return List.of(Senml.Entry.number("voltage", "V", c.voltageV()),
                        Senml.Entry.number("temperature", "Cel", c.temperatureDegC()),
                        Senml.Entry.number("soc", "/", c.soc()), Senml.Entry.number("soc_sigma", "/", c.socSigma()),
                        Senml.Entry.number("soh_resistance", "/", c.sohResistance()));
            }
        }
        return List.of();
    }

    static List<Senml.Entry> signatures(TelemetrySnapshot s) {
        List<Senml.Entry> e = new ArrayList<>();
        for (TelemetrySnapshot.Signature sig : s.signatures()) {
            e.add(Senml.Entry.number("cell:" + sig.cell() + ":" + sig.kind() + ":severity", "/", sig.severity()));
            e.add(Senml.Entry.text("cell:" + sig.cell() + ":" + sig.kind() + ":evidence", sig.evidence()));
        }
        return e;
    }

    /** {@code audit?from=F&count=N}: records F.. (0-based), at most 100, as SenML strings named by sequence. */
    static final class AuditResource extends CoapResource {
        private final FirmwareControl firmware;

        AuditResource(FirmwareControl firmware) {
            super("audit");
            this.firmware = firmware;
            getAttributes().addResourceType("healbms.audit");
            getAttributes().setTitle("append-only audit log, paged: ?from=&count=");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            int from = 0;
            int count = 20;
            for (String q : exchange.getRequestOptions().getUriQuery()) {
                String[] kv = q.split("=", 2);
                try {
                    if (kv.length == 2 && kv[0].equals("from")) {
                        from = Integer.parseInt(kv[1]);
                    } else if (kv.length == 2 && kv[0].equals("count")) {
                        count = Integer.parseInt(kv[1]);
                    } else {
                        exchange.respond(ResponseCode.BAD_OPTION, "unknown query '" + q + "'; use from= and count=");
                        return;
                    }
                } catch (NumberFormatException e) {
                    exchange.respond(ResponseCode.BAD_REQUEST, "'" + q + "' is not a whole number");
                    return;
                }
            }
            if (from < 0 || count < 1 || count > 100) {
                exchange.respond(ResponseCode.BAD_REQUEST, "from must be >= 0 and count 1..100");
                return;
            }
            List<Senml.Entry> e = new ArrayList<>();
            e.add(Senml.Entry.number("size", "", firmware.auditSize()));
            for (AuditLog.Entry a : firmware.audit(from, count)) {
                e.add(Senml.Entry.text(Long.toString(a.sequence()), a.text()));
            }
            SnapshotResource.respond(exchange, "urn:dev:healbms:audit:", System.currentTimeMillis() / 1000.0, e);
        }
    }

    /** {@code rules}: GET the rules in force; PUT a rules file (YAML text), validated whole before it replaces them. */
    static final class RulesResource extends CoapResource {
        private final FirmwareControl firmware;

        RulesResource(FirmwareControl firmware) {
            super("rules");
            this.firmware = firmware;
            getAttributes().addResourceType("healbms.rules");
            getAttributes().setTitle("healing rules: GET, PUT a rules file");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            exchange.respond(ResponseCode.CONTENT, String.join("\n", firmware.rules()), MediaTypeRegistry.TEXT_PLAIN);
        }

        @Override
        public void handlePUT(CoapExchange exchange) {
            String yaml = exchange.getRequestText();
            if (yaml == null || yaml.isBlank()) {
                exchange.respond(ResponseCode.BAD_REQUEST, "empty payload: PUT a rules file");
                return;
            }
            List<String> problems = firmware.replaceRules(yaml);
            if (problems.isEmpty()) {
                exchange.respond(ResponseCode.CHANGED, "rules replaced");
            } else {
                exchange.respond(ResponseCode.BAD_REQUEST, String.join("\n", problems), MediaTypeRegistry.TEXT_PLAIN);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        notifier.interrupt();
        server.destroy();
    }

}
