package org.healbms.firmware.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.healbms.firmware.eis.SweepAnswer;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.firmware.telemetry.FirmwareControl;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.healing.rules.RuleEngine;
import org.healbms.healing.rules.RuleSet;
import org.healbms.io.config.ConfigException;
import org.healbms.io.rules.RulesFile;

/**
 * Random payloads (SenML-like JSON and CBOR, YAML-ish text, raw bytes) PUT and POSTed to every
 * resource, with random queries and Accept options: every request gets a 2.xx or 4.xx answer, never
 * a 5.xx or silence, the rules in force change only by a valid rules file, and the server still
 * serves telemetry afterwards.
 */
class CoapFuzzTest {

    private static TelemetryServer server;
    private static RuleEngine engine;
    private static AuditLog audit;
    private static CoapClient writer;
    private static String secureBase;
    private static String plainBase;
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    @BeforeContainer
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("healbms-fuzz");
        audit = new AuditLog(dir.resolve("audit.log"));
        engine = new RuleEngine(new RuleSet("initial", List.of()));
        TelemetrySnapshot snapshot = new TelemetrySnapshot(
                1,
                1_764_000_000_000L,
                "normal",
                1.0,
                5.0,
                List.of(),
                List.of(new TelemetrySnapshot.Cell(1, 3.7, 25, 0.5, 0.01, 1.0, 1.0, false, Double.NaN, Double.NaN)),
                List.of(),
                List.of(),
                List.of(),
                List.of(new TelemetrySnapshot.Impedance(1, List.of(), List.of(), 0, false)));
        FirmwareControl side = new ScriptedFirmware(() -> snapshot, audit) {
            @Override
            public List<String> rules() {
                return List.of(engine.rules().name());
            }

            @Override
            public CompletableFuture<List<String>> replaceRules(String yaml, Requester by) {
                try {
                    engine.replace(RulesFile.parse("PUT rules", yaml));
                    return CompletableFuture.completedFuture(List.of());
                } catch (ConfigException e) {
                    return CompletableFuture.completedFuture(e.problems());
                } catch (Exception e) {
                    return CompletableFuture.completedFuture(List.of(String.valueOf(e.getMessage())));
                }
            }

            @Override
            public CompletableFuture<SweepAnswer> requestImpedanceSweep(int cell, Requester by) {
                return CompletableFuture.completedFuture(
                        cell == 1
                                ? new SweepAnswer(SweepAnswer.Status.NOT_AT_REST, "refused in the fuzz test")
                                : new SweepAnswer(SweepAnswer.Status.NO_FRONT_END, "no front end"));
            }
        };
        server = new TelemetryServer(
                side,
                new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0),
                List.of(new AccessPolicy.Key("bench", TelemetryServerTest.WRITE_KEY, AccessPolicy.Role.WRITE)),
                new AccessPolicy(Map.of("bench", AccessPolicy.Role.WRITE), true),
                1,
                100);
        server.start();
        plainBase = "coap://127.0.0.1:" + server.port() + "/";
        secureBase = "coaps://127.0.0.1:" + server.securePort() + "/";
        DtlsConfig.register();
        var config = Configuration.createStandardWithoutFile();
        var dtls = DtlsConnectorConfig.builder(config)
                .setAdvancedPskStore(new AdvancedSinglePskStore("bench", TelemetryServerTest.WRITE_KEY))
                .build();
        writer = new CoapClient();
        writer.setEndpoint(new CoapEndpoint.Builder()
                .setConfiguration(config)
                .setConnector(new DTLSConnector(dtls))
                .build());
        writer.setTimeout(5000L);
    }

    @AfterContainer
    static void stop() throws Exception {
        System.out.printf(
                "coap fuzz: %d random requests, every one answered 2.xx or 4.xx, telemetry still served%n",
                REQUESTS.get());
        writer.shutdown();
        server.close();
        audit.close();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        Arbitrary<String> names = Arbitraries.strings().ofMaxLength(12);
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> (Object) d),
                names.map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<byte[]> senmlJson = Arbitraries.maps(
                        Arbitraries.of("bn", "bt", "n", "u", "v", "vs", "vb", "x"), values)
                .ofMaxSize(6)
                .list()
                .ofMaxSize(5)
                .map(list -> {
                    ArrayNode a = JSON.createArrayNode();
                    list.forEach(m -> {
                        ObjectNode o = a.addObject();
                        m.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
                    });
                    return a.toString().getBytes(StandardCharsets.UTF_8);
                });
        Arbitrary<byte[]> senmlCbor = Arbitraries.maps(Arbitraries.integers().between(-5, 7), values)
                .ofMaxSize(6)
                .list()
                .ofMaxSize(5)
                .map(list -> {
                    try {
                        return CBOR.writeValueAsBytes(list);
                    } catch (Exception e) {
                        return new byte[0];
                    }
                });
        Arbitrary<byte[]> yamlish = Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz_:-[]{}'\"\n #.0123456789&|<>=!")
                .ofMaxLength(400)
                .map(s -> ("format: healbms-rules\nformat_version: 1\nrules:\n  - id: x\n    when: " + s)
                        .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        return Arbitraries.oneOf(senmlJson, senmlCbor, yamlish, raw);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of(
                "rules",
                "pack",
                "cells/1",
                "cells/9",
                "signatures",
                "readings",
                "audit",
                "audit?from=-1",
                "audit?count=0",
                "audit?from=1&count=3",
                "nothing",
                "rules?x=y",
                "healing/mode",
                "faults/ack",
                "cells/1/eis",
                "cells/1/impedance",
                "cells/1/impedance?from=1&count=3",
                "cells/1/impedance?count=x",
                "cells/99/eis");
    }

    @Property(tries = 1000)
    void everyRequestGetsAClientErrorOrSuccessNeverAServerError(
            @ForAll("payloads") byte[] payload,
            @ForAll("paths") String path,
            @ForAll("methods") String method,
            @ForAll("formats") int format)
            throws Exception {
        boolean secure = path.hashCode() % 2 == 0;
        Request request = switch (method) {
            case "GET" -> Request.newGet();
            case "POST" -> Request.newPost();
            case "DELETE" -> Request.newDelete();
            default -> Request.newPut();
        };
        request.setURI((secure ? secureBase : plainBase) + path);
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.setPayload(payload);
            request.getOptions().setContentFormat(format);
        } else {
            request.getOptions().setAccept(format);
        }
        CoapResponse r = secure ? writer.advanced(request) : plainClient().advanced(request);
        REQUESTS.incrementAndGet();
        assertThat(r).as("%s %s answered", method, path).isNotNull();
        assertThat(r.getCode().codeClass)
                .as("%s %s: %s", method, path, r.getCode())
                .isIn(2, 4);
        if (r.getCode() == ResponseCode.CHANGED) {
            assertThat(engine.rules().name()).isNotNull(); // only a valid rules file got here
        }
    }

    private static CoapClient plain;

    private static synchronized CoapClient plainClient() {
        if (plain == null) {
            plain = new CoapClient();
            plain.setTimeout(5000L);
        }
        return plain;
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "PUT", "POST", "DELETE");
    }

    @Provide
    Arbitrary<Integer> formats() {
        return Arbitraries.of(
                MediaTypeRegistry.TEXT_PLAIN,
                Senml.CONTENT_FORMAT_JSON,
                Senml.CONTENT_FORMAT_CBOR,
                MediaTypeRegistry.APPLICATION_JSON,
                MediaTypeRegistry.APPLICATION_OCTET_STREAM,
                9999);
    }

    /**
     * After the fuzzing the same peer is served again. It may first be told 4.29: a thousand
     * requests emptied its rate allowance, which refills within a second.
     */
    @Property(tries = 1)
    void telemetryIsStillServedAfterTheFuzzing() throws Exception {
        CoapClient c = plainClient();
        c.setURI(plainBase + "pack");
        long deadline = System.nanoTime() + 3_000_000_000L;
        ResponseCode code = c.get().getCode();
        while (code == ResponseCode.TOO_MANY_REQUESTS && System.nanoTime() < deadline) {
            Thread.sleep(100);
            code = c.get().getCode();
        }
        assertThat(code).isEqualTo(ResponseCode.CONTENT);
    }
}
