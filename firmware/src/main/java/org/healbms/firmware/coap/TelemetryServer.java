package org.healbms.firmware.coap;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.InMemoryMessageExchangeStore;
import org.eclipse.californium.core.network.deduplication.SweepPerPeerDeduplicator;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.memory.HeapWatch;
import org.healbms.firmware.passport.Passport;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetrySnapshot;

/**
 * Telemetry and control over CoAP (Eclipse Californium): discovery at {@code /.well-known/core},
 * observable SenML read resources ({@code pack}, {@code cells/N}, {@code cells/N/impedance},
 * {@code signatures}), the last tick's {@code frame} as the twin's telemetry record (JSON, observable), the
 * pack's {@code passport} (JSON, observable, new at each save), the audit log
 * paged ({@code audit?from=&count=}), the healing rules ({@code rules}: GET the rules in force, PUT a
 * new rules file, validated whole: 4.00 with every problem and the old rules keep running), and
 * impedance sweeps on request ({@code cells/N/eis}).
 * Observers are notified from the server's own thread at most once per {@code notifyPeriodMs} and
 * only when the snapshot changed: a slow observer costs the control loop nothing. Whatever the
 * network sends, memory stays bounded ({@link CoapLimits}, docs/coap.md): datagrams pass an
 * {@link InboundGate}, requests a {@link RequestGate}, and refusals are counted, not logged one by one.
 */
public final class TelemetryServer implements AutoCloseable {

    private final CoapServer server;
    private final AccessPolicy policy;
    private final FirmwareControl firmware;
    private final List<CoapResource> observable = new ArrayList<>();
    /** Observable too, but changed only when a save takes a new passport. */
    private final PassportResource passport;

    private final Thread notifier;
    private final ScheduledThreadPoolExecutor protocolStage;
    private final ScheduledExecutorService secondary;
    private final RequestGate gate;
    private final RefusalTally tally = new RefusalTally();
    private long summaryPeriodS = CoapLimits.SUMMARY_PERIOD_S;
    private volatile DoubleSupplier heap = HeapWatch.system()::liveFraction;
    private volatile boolean closed;

    /**
     * @param plain        plain CoAP bind address (reads from loopback only, if the policy allows), or null
     * @param secure       CoAP over DTLS bind address with the pre-shared keys, or null
     */
    public TelemetryServer(
            FirmwareControl firmware,
            InetSocketAddress plain,
            InetSocketAddress secure,
            List<AccessPolicy.Key> keys,
            AccessPolicy policy,
            int cells,
            long notifyPeriodMs) {
        this.firmware = firmware;
        this.policy = policy;
        Configuration config = CoapLimits.configuration();
        this.server = new CoapServer(config);
        // One protocol-stage thread (CoAP takes at most one core for requests), whose queue the
        // InboundGate keeps short; the receiving threads run below the control loop (NetworkThreads).
        // The secondary scheduler runs Californium's clean-ups and the refusal summary.
        this.protocolStage = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("coap-protocol").daemon().factory());
        protocolStage.setRemoveOnCancelPolicy(true);
        this.secondary = ExecutorsUtil.newDefaultSecondaryScheduler("coap-secondary#");
        server.setExecutors(protocolStage, secondary, false);
        CommandReplies replies = new CommandReplies(protocolStage, secondary, CommandReplies.DEFAULT_TIMEOUT);
        AddressBuckets hardCap = new AddressBuckets(
                CoapLimits.ADDRESS_HARD_CAP_PER_S,
                CoapLimits.ADDRESS_HARD_BURST,
                Double.POSITIVE_INFINITY,
                CoapLimits.MAX_ADDRESSES);
        if (plain != null) {
            server.addEndpoint(endpoint(config, new UDPConnector(plain, config), hardCap));
        }
        if (secure != null) {
            var dtls = DtlsConnectorConfig.builder(config)
                    .setAddress(secure)
                    .setAdvancedPskStore(AccessPolicy.store(keys))
                    .build();
            server.addEndpoint(endpoint(config, new DTLSConnector(dtls), hardCap));
        }
        this.gate = new RequestGate(
                server.getRoot(),
                config,
                new AddressBuckets(
                        CoapLimits.ADDRESS_RATE_PER_S,
                        CoapLimits.ADDRESS_BURST,
                        CoapLimits.TOTAL_RATE_PER_S,
                        CoapLimits.MAX_ADDRESSES),
                this::liveHeap,
                tally);
        server.setMessageDeliverer(new CriticalOptionCheck(gate));

        // Discovery lists what answers GET: the parents (cells, healing, faults) and the POST-only
        // resources (cells/N/eis, faults/ack) are hidden; docs/coap.md lists them.
        long maxAgeS = maxAgeS(notifyPeriodMs);
        SnapshotResource pack = new SnapshotResource(
                "pack",
                "healbms.pack",
                "pack state, limits and faults",
                firmware,
                policy,
                "urn:dev:healbms:pack:",
                maxAgeS,
                TelemetryServer::pack);
        CoapResource cellsParent = new CoapResource("cells", false);
        for (int k = 1; k <= cells; k++) {
            int cell = k;
            SnapshotResource r = new SnapshotResource(
                    Integer.toString(k),
                    "healbms.cell",
                    "cell " + k,
                    firmware,
                    policy,
                    "urn:dev:healbms:cell:" + k + ":",
                    maxAgeS,
                    s -> cell(s, cell));
            SnapshotResource impedance = new SnapshotResource(
                    "impedance",
                    "healbms.cell-impedance",
                    "cell " + k + " impedance: latest EIS fit and its history (?from=&count=)",
                    firmware,
                    policy,
                    "urn:dev:healbms:cell:" + k + ":",
                    maxAgeS,
                    (s, query) -> impedance(s, cell, query));
            r.add(impedance);
            r.add(new SweepResource(cell, firmware, policy, replies));
            cellsParent.add(r);
            observable.add(r);
            observable.add(impedance);
        }
        SnapshotResource signatures = new SnapshotResource(
                "signatures",
                "healbms.signatures",
                "active degradation signatures",
                firmware,
                policy,
                "urn:dev:healbms:",
                maxAgeS,
                TelemetryServer::signatures);
        SnapshotResource readings = new SnapshotResource(
                "readings",
                "healbms.readings",
                "raw sensor readings with quality flags",
                firmware,
                policy,
                "urn:dev:healbms:reading:",
                maxAgeS,
                TelemetryServer::readings);
        observable.add(pack);
        observable.add(signatures);
        observable.add(readings);
        FrameResource frame = new FrameResource(firmware, policy, cells, maxAgeS);
        observable.add(frame);
        CoapResource healing = new CoapResource("healing", false);
        SnapshotResource efficacy = new SnapshotResource(
                "efficacy",
                "healbms.rule-efficacy",
                "per rule: healing actions improved, unchanged, worse and aborted",
                firmware,
                policy,
                "urn:dev:healbms:rule:",
                maxAgeS,
                TelemetryServer::efficacy);
        healing.add(efficacy);
        observable.add(efficacy);
        healing.add(new WriteResource(
                "mode",
                "healbms.healing-mode",
                "auto, advisory or off: GET, PUT",
                firmware,
                policy,
                firmware::healingMode,
                firmware::setHealingMode,
                false,
                replies));
        CoapResource faults = new CoapResource("faults", false);
        faults.add(new WriteResource(
                "ack",
                "healbms.fault-ack",
                "POST a fault id to acknowledge it",
                firmware,
                policy,
                null,
                firmware::acknowledgeFault,
                true,
                replies));
        this.passport = new PassportResource(firmware, policy, maxAgeS);
        server.add(
                pack,
                cellsParent,
                signatures,
                readings,
                frame,
                new AuditResource(firmware, policy, maxAgeS),
                new RulesResource(firmware, policy, replies),
                healing,
                faults,
                passport);
        gate.watchObservers(server.getRoot());
        this.notifier = Thread.ofVirtual().name("coap-notify").unstarted(() -> notifyLoop(notifyPeriodMs));
    }

    /**
     * Max-Age of every telemetry answer, notifications included: the notification period, in whole
     * seconds and at least 1 (CoAP's default of 60 s would let a cache serve data a minute old).
     */
    static long maxAgeS(long notifyPeriodMs) {
        return Math.max(1, (notifyPeriodMs + 999) / 1000);
    }

    /** An endpoint whose datagrams pass the {@link InboundGate} and whose deduplicator is bounded. */
    private CoapEndpoint endpoint(Configuration config, Connector connector, AddressBuckets hardCap) {
        InMemoryMessageExchangeStore store = new InMemoryMessageExchangeStore(config);
        store.setDeduplicator(
                new BoundedDeduplicator(new SweepPerPeerDeduplicator(config), CoapLimits.DEDUPLICATOR_CAPACITY));
        return new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setMessageExchangeStore(store)
                .setConnector(new InboundGate(connector, protocolStage, hardCap, this::liveHeap, tally))
                .build();
    }

    /**
     * Binds the endpoints and starts serving.
     *
     * @throws BindException when an endpoint cannot bind its port, naming host and port (Californium
     *                       itself only logs that, and goes on without the endpoint while another one started)
     */
    public void start() throws BindException {
        try {
            server.start();
        } catch (IllegalStateException e) {
            // No endpoint started: which one could not bind is found below.
        }
        for (Endpoint endpoint : server.getEndpoints()) {
            if (!endpoint.isStarted()) {
                close();
                throw new BindException(CoapPorts.problem(endpoint.getAddress(), "the endpoint did not start"));
            }
        }
        notifier.start();
        secondary.scheduleAtFixedRate(this::summariseRefusals, summaryPeriodS, summaryPeriodS, TimeUnit.SECONDS);
    }

    /** Once a period, one audit line for everything refused in it (nothing when nothing was). */
    private void summariseRefusals() {
        try {
            tally.summarise(firmware::refused);
        } catch (RuntimeException e) {
            // The audit log's own failure is the firmware's to report; the server goes on.
        }
    }

    /** The period of the refusal summary (default {@link CoapLimits#SUMMARY_PERIOD_S}); before {@link #start}. */
    public TelemetryServer summaryPeriod(long seconds) {
        this.summaryPeriodS = seconds;
        return this;
    }

    /** Unauthenticated writes refused since the start (counted, not audited one by one). */
    public long refusedWrites() {
        return tally.total(RefusalTally.Kind.UNAUTHENTICATED_WRITE);
    }

    RefusalTally tally() {
        return tally;
    }

    /** The live heap fraction the gates shed by ({@link HeapWatch}). */
    private double liveHeap() {
        return heap.getAsDouble();
    }

    /** For tests: a heap signal other than this JVM's. */
    void heapSignal(DoubleSupplier liveFraction) {
        this.heap = liveFraction;
    }

    /** Requests and datagrams turned away since the start for load: 4.29, 5.03 and dropped unread. */
    public long shed() {
        long n = 0;
        for (RefusalTally.Kind k : RefusalTally.Kind.values()) {
            n += k == RefusalTally.Kind.UNAUTHENTICATED_WRITE ? 0 : tally.total(k);
        }
        return n;
    }

    /** The plain CoAP port (useful when bound to port 0), or -1. */
    public int port() {
        return server.getEndpoints().stream()
                .filter(e -> e.getUri().getScheme().equals("coap"))
                .mapToInt(e -> e.getAddress().getPort())
                .findFirst()
                .orElse(-1);
    }

    /** The CoAP-over-DTLS port, or -1. */
    public int securePort() {
        return server.getEndpoints().stream()
                .filter(e -> e.getUri().getScheme().equals("coaps"))
                .mapToInt(e -> e.getAddress().getPort())
                .findFirst()
                .orElse(-1);
    }

    /** Null when the request may read; otherwise it has been refused. */
    static boolean refusedRead(CoapExchange exchange, AccessPolicy policy) {
        var ctx = exchange.advanced().getRequest().getSourceContext();
        ResponseCode refusal = policy.read(ctx.getPeerIdentity(), ctx.getPeerAddress());
        if (refusal != null) {
            exchange.respond(
                    refusal,
                    refusal == ResponseCode.UNAUTHORIZED
                            ? "reads need a DTLS identity here"
                            : "this identity may not read");
            return true;
        }
        return false;
    }

    /** True (and answered 4.06) when the request accepts only a format other than JSON (RFC 7252 5.10.4). */
    static boolean refusedJsonAccept(CoapExchange exchange) {
        return refusedUnless(exchange, MediaTypeRegistry.APPLICATION_JSON, "application/json (50) only");
    }

    /** True (and answered 4.06) when the request accepts only a format other than plain text (RFC 7252 5.10.4). */
    static boolean refusedAccept(CoapExchange exchange) {
        return refusedUnless(exchange, MediaTypeRegistry.TEXT_PLAIN, "text/plain (0) only");
    }

    private static boolean refusedUnless(CoapExchange exchange, int served, String refusal) {
        int accept = exchange.getRequestOptions().getAccept();
        if (accept != MediaTypeRegistry.UNDEFINED && accept != served) {
            exchange.respond(ResponseCode.NOT_ACCEPTABLE, refusal, MediaTypeRegistry.TEXT_PLAIN);
            return true;
        }
        return false;
    }

    private void notifyLoop(long periodMs) {
        long lastTick = -1;
        Passport lastPassport = null;
        while (!closed) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
            try {
                TelemetrySnapshot s = firmware.snapshot();
                if (s != null && s.tick() != lastTick) {
                    lastTick = s.tick();
                    observable.forEach(CoapResource::changed);
                }
            } catch (RuntimeException e) {
                // A notifier that died would leave every observer silent for good: it goes on, and
                // the firmware raises TELEMETRY_FAILED.
                firmware.telemetryFailed(e);
            }
            Passport p = firmware.passport();
            if (p != lastPassport) {
                lastPassport = p;
                passport.changed();
            }
        }
    }

    static List<Senml.Entry> pack(TelemetrySnapshot s) {
        List<Senml.Entry> e = new ArrayList<>();
        e.add(Senml.Entry.text("state", s.packState()));
        e.add(Senml.Entry.number("charge_limit", "A", s.chargeLimitA()));
        e.add(Senml.Entry.number("discharge_limit", "A", s.dischargeLimitA()));
        double soc = s.cells().stream()
                .mapToDouble(TelemetrySnapshot.Cell::soc)
                .min()
                .orElse(Double.NaN);
        e.add(Senml.Entry.number("soc_min", "/", soc));
        e.add(Senml.Entry.flag("fault", !s.activeFaults().isEmpty()));
        // One name per fault (active_fault:ID, true): the same name twice at the same time would be
        // one sensor with two values, and a SenML store keeps only one of them.
        Senml.Names names = new Senml.Names();
        for (String f : s.activeFaults()) {
            e.add(Senml.Entry.flag("active_fault:" + names.of(f), true));
        }
        return e;
    }

    static List<Senml.Entry> cell(TelemetrySnapshot s, int cell) {
        for (TelemetrySnapshot.Cell c : s.cells()) {
            if (c.cell() == cell) {
                return List.of(
                        Senml.Entry.number("voltage", "V", c.voltageV()),
                        Senml.Entry.number("temperature", "Cel", c.temperatureDegC()),
                        Senml.Entry.number("soc", "/", c.soc()),
                        Senml.Entry.number("soc_sigma", "/", c.socSigma()),
                        Senml.Entry.number("soh_resistance", "/", c.sohResistance()),
                        Senml.Entry.number("healing_budget", "/", c.healingBudget()),
                        Senml.Entry.flag("heating", c.heating()),
                        Senml.Entry.number("core_temperature", "Cel", c.coreTemperatureDegC()),
                        Senml.Entry.number("core_temperature_sigma", "K", c.coreTemperatureSigmaK()));
            }
        }
        return null; // not in the snapshot: 4.04
    }

    /**
     * History records {@code cells/N/impedance} shows at most per answer: a page of 15 stays under
     * the 8 KB body that Californium clients reassemble by default (about 450 bytes of JSON each).
     */
    static final int IMPEDANCE_PAGE_MAX = 15;
    /** Records shown without a query: the newest ones. */
    static final int IMPEDANCE_PAGE_DEFAULT = 10;

    private static final List<String> IMPEDANCE_VALUES = List.of("r_ohmic", "r_ct", "fit_error", "soc", "temperature");
    private static final List<String> IMPEDANCE_UNITS = List.of("Ohm", "Ohm", "/", "/", "Cel");

    /**
     * A cell's impedance: the latest sweep ({@code r_ohmic}, {@code r_ct}, {@code fit_error},
     * {@code soc}, {@code temperature}; no such records before the first), {@code recorded} (sweeps over
     * the cell's life), {@code held} (records kept: baselines and recent ones), {@code baselines},
     * {@code sweeping}; then a page of the held records, oldest first, as {@code history:r_ohmic} ...
     * and {@code history:baseline}: {@code ?from=F&count=N} (0-based from the oldest, at most
     * {@value #IMPEDANCE_PAGE_MAX}), by default the newest {@value #IMPEDANCE_PAGE_DEFAULT}. Each
     * sweep's values carry the sweep's own time (SenML {@code t}), which makes each history name a
     * time series in SenML's sense. Null for a cell without a front end (4.04).
     */
    static List<Senml.Entry> impedance(TelemetrySnapshot s, int cell, List<String> query) {
        Integer from = null;
        int count = IMPEDANCE_PAGE_DEFAULT;
        for (String q : query) {
            String[] kv = q.split("=", 2);
            if (kv.length != 2 || !(kv[0].equals("from") || kv[0].equals("count"))) {
                throw new IllegalArgumentException("unknown query '" + q + "'; use from= and count=");
            }
            int v;
            try {
                v = Integer.parseInt(kv[1]);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + q + "' is not a whole number");
            }
            if (kv[0].equals("from")) {
                from = v;
            } else {
                count = v;
            }
        }
        if ((from != null && from < 0) || count < 1 || count > IMPEDANCE_PAGE_MAX) {
            throw new IllegalArgumentException("from must be >= 0 and count 1.." + IMPEDANCE_PAGE_MAX);
        }
        for (TelemetrySnapshot.Impedance z : s.impedance()) {
            if (z.cell() == cell) {
                List<Senml.Entry> e = new ArrayList<>();
                z.latest().ifPresent(r -> sweep(e, "", r));
                List<TelemetrySnapshot.Held> held = z.held();
                e.add(Senml.Entry.count("recorded", z.recorded()));
                e.add(Senml.Entry.count("held", held.size()));
                e.add(Senml.Entry.count("baselines", z.baselines().size()));
                e.add(Senml.Entry.flag("sweeping", z.sweeping()));
                int first = Math.min(held.size(), from != null ? from : Math.max(0, held.size() - count));
                for (TelemetrySnapshot.Held h : held.subList(first, Math.min(held.size(), first + count))) {
                    sweep(e, "history:", h.record());
                    e.add(Senml.Entry.flag("history:baseline", h.baseline())
                            .at(h.record().epochMs() / 1000.0));
                }
                return e;
            }
        }
        return null;
    }

    private static void sweep(List<Senml.Entry> e, String prefix, ImpedanceRecord r) {
        double[] values = {r.ohmicOhm(), r.chargeTransferOhm(), r.fitError(), r.soc(), r.temperatureDegC()};
        for (int k = 0; k < values.length; k++) {
            e.add(Senml.Entry.number(prefix + IMPEDANCE_VALUES.get(k), IMPEDANCE_UNITS.get(k), values[k])
                    .at(r.epochMs() / 1000.0));
        }
    }

    /**
     * Every channel: its value and {@code NAME:quality}, NAME being the board's channel name made a
     * SenML name ({@code "cell 1 voltage"} is {@code cell_1_voltage}, see {@link Senml.Names}). A
     * value nobody measured (NaN) has no record; its quality record says why. Last,
     * {@code urn:dev:healbms:channels}: how many channels (so the pack is never empty).
     */
    static List<Senml.Entry> readings(TelemetrySnapshot s) {
        List<Senml.Entry> e = new ArrayList<>();
        Senml.Names names = new Senml.Names();
        for (TelemetrySnapshot.Reading r : s.readings()) {
            String name = names.of(r.channel());
            // SenML units (RFC 8428 §12.1) are SI: Cel for degrees Celsius, "/" for a ratio, m for wavelengths.
            Senml.Entry value = switch (r.unit()) {
                case "degC" -> Senml.Entry.number(name, "Cel", r.value());
                case "1" -> Senml.Entry.number(name, "/", r.value());
                case "nm" -> Senml.Entry.number(name, "m", r.value() * 1e-9);
                case "Ah" -> Senml.Entry.number(name, "C", r.value() * 3600);
                default -> Senml.Entry.number(name, r.unit(), r.value());
            };
            e.add(value);
            e.add(Senml.Entry.text(name + ":quality", r.quality()));
        }
        e.add(Senml.Entry.count("channels", s.readings().size()).under("urn:dev:healbms:"));
        return e;
    }

    /**
     * Each active signature's severity and evidence ({@code cell:N:KIND:severity}, {@code ...:evidence}),
     * then {@code signatures}: how many are active. That last record is always there, so a pack
     * without signatures is still a valid SenML pack (RFC 8428 §11: at least one record).
     */
    static List<Senml.Entry> signatures(TelemetrySnapshot s) {
        List<Senml.Entry> e = new ArrayList<>();
        Senml.Names names = new Senml.Names();
        for (TelemetrySnapshot.Signature sig : s.signatures()) {
            String name = names.of("cell:" + sig.cell() + ":" + sig.kind());
            e.add(Senml.Entry.number(name + ":severity", "/", sig.severity()));
            e.add(Senml.Entry.text(name + ":evidence", sig.evidence()));
        }
        e.add(Senml.Entry.count("signatures", s.signatures().size()));
        return e;
    }

    /**
     * Per rule that has acted ({@code RULE:improved}, {@code :unchanged}, {@code :worse},
     * {@code :aborted}, RULE the rule id made a SenML name), then {@code urn:dev:healbms:rules_acted}:
     * how many rules have acted. That last record is always there, so the pack is valid SenML
     * before any rule has acted (RFC 8428 §11: at least one record).
     */
    static List<Senml.Entry> efficacy(TelemetrySnapshot s) {
        List<Senml.Entry> e = new ArrayList<>();
        Senml.Names names = new Senml.Names();
        for (TelemetrySnapshot.RuleTally t : s.ruleEfficacy()) {
            String rule = names.of(t.ruleId());
            e.add(Senml.Entry.count(rule + ":improved", t.improved()));
            e.add(Senml.Entry.count(rule + ":unchanged", t.unchanged()));
            e.add(Senml.Entry.count(rule + ":worse", t.worse()));
            e.add(Senml.Entry.count(rule + ":aborted", t.aborts()));
        }
        e.add(Senml.Entry.count("rules_acted", s.ruleEfficacy().size()).under("urn:dev:healbms:"));
        return e;
    }

    /** {@code audit?from=F&count=N}: records F.. (0-based), at most 100, as SenML strings named by sequence. */
    static final class AuditResource extends CoapResource {
        private final FirmwareControl firmware;
        private final AccessPolicy policy;
        private final long maxAgeS;

        AuditResource(FirmwareControl firmware, AccessPolicy policy, long maxAgeS) {
            super("audit");
            this.firmware = firmware;
            this.policy = policy;
            this.maxAgeS = maxAgeS;
            getAttributes().addResourceType("healbms.audit");
            getAttributes().setTitle("append-only audit log, paged: ?from=&count=");
            getAttributes().addContentType(Senml.CONTENT_FORMAT_JSON);
            getAttributes().addContentType(Senml.CONTENT_FORMAT_CBOR);
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            if (refusedRead(exchange, policy)) {
                return;
            }
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
            e.add(Senml.Entry.count("size", firmware.auditSize()));
            for (AuditLog.Entry a : firmware.audit(from, count)) {
                e.add(Senml.Entry.text(Long.toString(a.sequence()), a.text()));
            }
            SnapshotResource.respond(
                    exchange, "urn:dev:healbms:audit:", System.currentTimeMillis() / 1000.0, e, maxAgeS);
        }
    }

    /** {@code rules}: GET the rules in force; PUT a rules file (YAML text), validated whole before it replaces them. */
    static final class RulesResource extends CoapResource {
        private final FirmwareControl firmware;
        private final AccessPolicy policy;
        private final CommandReplies replies;

        RulesResource(FirmwareControl firmware, AccessPolicy policy, CommandReplies replies) {
            super("rules");
            this.firmware = firmware;
            this.policy = policy;
            this.replies = replies;
            getAttributes().addResourceType("healbms.rules");
            getAttributes().setTitle("healing rules: GET, PUT a rules file");
            getAttributes().addContentType(MediaTypeRegistry.TEXT_PLAIN);
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            if (refusedRead(exchange, policy) || refusedAccept(exchange)) {
                return;
            }
            exchange.respond(ResponseCode.CONTENT, String.join("\n", firmware.rules()), MediaTypeRegistry.TEXT_PLAIN);
        }

        @Override
        public void handlePUT(CoapExchange exchange) {
            var ctx = exchange.advanced().getRequest().getSourceContext();
            ResponseCode refusal = policy.write(ctx.getPeerIdentity());
            if (refusal != null) {
                firmware.refused("PUT rules from " + ctx.getPeerAddress()
                        + (ctx.getPeerIdentity() == null
                                ? " (no identity)"
                                : " (identity " + ctx.getPeerIdentity().getName() + ")")
                        + ": " + refusal);
                exchange.respond(
                        refusal,
                        refusal == ResponseCode.UNAUTHORIZED
                                ? "writes need a DTLS identity"
                                : "this identity may not write");
                return;
            }
            String yaml = exchange.getRequestText();
            if (yaml == null || yaml.isBlank()) {
                exchange.respond(ResponseCode.BAD_REQUEST, "empty payload: PUT a rules file");
                return;
            }
            replies.reply(exchange, firmware.replaceRules(yaml, Requester.of(exchange)), (ex, problems) -> {
                if (problems.isEmpty()) {
                    ex.respond(ResponseCode.CHANGED, "rules replaced");
                } else {
                    ex.respond(ResponseCode.BAD_REQUEST, String.join("\n", problems), MediaTypeRegistry.TEXT_PLAIN);
                }
            });
        }
    }

    /** A small text write resource (PUT or POST), write role required; GET (if any) needs read. */
    static final class WriteResource extends CoapResource {
        private final FirmwareControl firmware;
        private final AccessPolicy policy;
        private final Supplier<String> getter;
        private final BiFunction<String, Requester, CompletableFuture<List<String>>> setter;
        private final boolean post;
        private final CommandReplies replies;

        /** Without a getter it answers no GET, so it is left out of discovery. */
        WriteResource(
                String name,
                String type,
                String title,
                FirmwareControl firmware,
                AccessPolicy policy,
                Supplier<String> getter,
                BiFunction<String, Requester, CompletableFuture<List<String>>> setter,
                boolean post,
                CommandReplies replies) {
            super(name, getter != null);
            this.firmware = firmware;
            this.policy = policy;
            this.getter = getter;
            this.setter = setter;
            this.post = post;
            this.replies = replies;
            getAttributes().addResourceType(type);
            getAttributes().setTitle(title);
            if (getter != null) {
                getAttributes().addContentType(MediaTypeRegistry.TEXT_PLAIN);
            }
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            if (getter == null) {
                exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
                return;
            }
            if (!refusedRead(exchange, policy) && !refusedAccept(exchange)) {
                exchange.respond(ResponseCode.CONTENT, getter.get(), MediaTypeRegistry.TEXT_PLAIN);
            }
        }

        @Override
        public void handlePUT(CoapExchange exchange) {
            if (post) {
                exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
            } else {
                write(exchange, ResponseCode.CHANGED);
            }
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            if (!post) {
                exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
            } else {
                write(exchange, ResponseCode.CHANGED);
            }
        }

        private void write(CoapExchange exchange, ResponseCode ok) {
            var ctx = exchange.advanced().getRequest().getSourceContext();
            ResponseCode refusal = policy.write(ctx.getPeerIdentity());
            if (refusal != null) {
                firmware.refused(
                        exchange.advanced().getRequest().getCode() + " " + getURI() + " from " + ctx.getPeerAddress()
                                + (ctx.getPeerIdentity() == null
                                        ? " (no identity)"
                                        : " (identity " + ctx.getPeerIdentity().getName() + ")")
                                + ": " + refusal);
                exchange.respond(refusal);
                return;
            }
            String text = exchange.getRequestText();
            if (text == null || text.isBlank() || text.length() > 64) {
                exchange.respond(ResponseCode.BAD_REQUEST, "a short text payload is expected");
                return;
            }
            replies.reply(exchange, setter.apply(text, Requester.of(exchange)), (ex, problems) -> {
                if (problems.isEmpty()) {
                    ex.respond(ok);
                } else {
                    ex.respond(ResponseCode.BAD_REQUEST, String.join("\n", problems), MediaTypeRegistry.TEXT_PLAIN);
                }
            });
        }
    }

    /**
     * {@code cells/N/eis}: POST (no payload needed) starts an impedance sweep of the cell, write role
     * required. 2.04 when started (the result comes to {@code cells/N/impedance}); 4.04 for a cell
     * without a front end; 4.09 with the reason when the pack is not at rest or a protection fault is
     * active (a conflict with the pack's state: the same request may succeed later); 5.03 with a
     * Max-Age to retry after when another sweep is running.
     */
    static final class SweepResource extends CoapResource {
        /** A firmware sweep (1 Hz to 5 kHz) and its fit take about 40 s. */
        static final long RETRY_AFTER_S = 60;

        private final int cell;
        private final FirmwareControl firmware;
        private final AccessPolicy policy;
        private final CommandReplies replies;

        /** POST only: left out of discovery, which lists what answers GET. */
        SweepResource(int cell, FirmwareControl firmware, AccessPolicy policy, CommandReplies replies) {
            super("eis", false);
            this.cell = cell;
            this.firmware = firmware;
            this.policy = policy;
            this.replies = replies;
            getAttributes().addResourceType("healbms.eis-sweep");
            getAttributes().setTitle("POST to sweep cell " + cell + "'s impedance (cell at rest)");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            exchange.respond(
                    ResponseCode.METHOD_NOT_ALLOWED,
                    "POST to start a sweep; results at cells/" + cell + "/impedance",
                    MediaTypeRegistry.TEXT_PLAIN);
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            var ctx = exchange.advanced().getRequest().getSourceContext();
            ResponseCode refusal = policy.write(ctx.getPeerIdentity());
            if (refusal != null) {
                firmware.refused("POST " + getURI() + " from " + ctx.getPeerAddress()
                        + (ctx.getPeerIdentity() == null
                                ? " (no identity)"
                                : " (identity " + ctx.getPeerIdentity().getName() + ")")
                        + ": " + refusal);
                exchange.respond(
                        refusal,
                        refusal == ResponseCode.UNAUTHORIZED
                                ? "writes need a DTLS identity"
                                : "this identity may not write",
                        MediaTypeRegistry.TEXT_PLAIN);
                return;
            }
            replies.reply(
                    exchange, firmware.requestImpedanceSweep(cell, Requester.of(exchange)), SweepResource::answer);
        }

        private static void answer(CoapExchange exchange, SweepAnswer answer) {
            ResponseCode code = switch (answer.status()) {
                case STARTED -> ResponseCode.CHANGED;
                case NO_FRONT_END -> ResponseCode.NOT_FOUND;
                case NOT_AT_REST, PROTECTION_FAULT -> ResponseCode.CONFLICT;
                case BUSY -> ResponseCode.SERVICE_UNAVAILABLE;
            };
            if (code == ResponseCode.SERVICE_UNAVAILABLE) {
                exchange.setMaxAge(RETRY_AFTER_S); // on a 5.03, Max-Age says when to try again (RFC 7252 5.9.3.4)
            }
            exchange.respond(code, answer.message(), MediaTypeRegistry.TEXT_PLAIN);
        }
    }

    @Override
    public void close() {
        closed = true;
        notifier.interrupt();
        server.destroy();
        summariseRefusals();
    }
}
