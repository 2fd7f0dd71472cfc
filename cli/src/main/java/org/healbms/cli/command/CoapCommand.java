package org.healbms.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.healbms.firmware.coap.Senml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code healbms coap get|observe|put|post URI}: a small CoAP client for benches and scripts. */
@Command(
        name = "coap",
        mixinStandardHelpOptions = true,
        description = "A small CoAP client for the firmware's resources.",
        subcommands = {
            CoapCommand.Get.class,
            CoapCommand.Observe.class,
            CoapCommand.Put.class,
            CoapCommand.Post.class,
            CoapLoadCommand.class
        })
public final class CoapCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    static class Common {
        @Parameters(paramLabel = "URI", description = "e.g. coap://127.0.0.1/pack")
        String uri;

        @Option(
                names = "--accept",
                description = "json (SenML JSON, 110), cbor (SenML CBOR, 112) or link (link format, 40); "
                        + "default: link for /.well-known/core, else none (SenML resources answer JSON, rules and healing/mode "
                        + "plain text)")
        String accept;

        @Option(
                names = "--timeout-s",
                defaultValue = "5",
                description = "seconds to wait for an answer (default: ${DEFAULT-VALUE})")
        long timeoutS;

        @Option(names = "--identity", description = "DTLS pre-shared-key identity (for coaps:// URIs)")
        String identity;

        @Option(names = "--key-hex", description = "DTLS pre-shared key, hexadecimal (for coaps:// URIs)")
        String keyHex;

        /**
         * The Accept option to send, or null for none. Not json by default: rules and healing/mode
         * answer plain text and refuse a SenML Accept with 4.06 (RFC 7252 5.10.4), while the SenML
         * resources answer JSON when no Accept is given.
         */
        Integer acceptFormat() {
            if (accept == null && !URI.create(uri).getPath().equals("/.well-known/core")) {
                return null;
            }
            String asked = accept != null ? accept : "link";
            return switch (asked) {
                case "json" -> Senml.CONTENT_FORMAT_JSON;
                case "cbor" -> Senml.CONTENT_FORMAT_CBOR;
                case "link" -> MediaTypeRegistry.APPLICATION_LINK_FORMAT;
                default ->
                    throw new IllegalArgumentException("--accept must be json, cbor or link, got '" + asked + "'");
            };
        }

        CoapClient client() {
            // Californium 3 needs its configuration modules registered before the first endpoint.
            CoapConfig.register();
            UdpConfig.register();
            // An endpoint of our own: Californium's default one writes Californium3.properties into the
            // working directory of whoever runs the client.
            Configuration config = Configuration.createStandardWithoutFile();
            CoapEndpoint.Builder endpoint = new CoapEndpoint.Builder().setConfiguration(config);
            if (uri.startsWith("coaps://")) {
                if (identity == null || keyHex == null) {
                    throw new IllegalArgumentException("a coaps:// URI needs --identity and --key-hex");
                }
                DtlsConfig.register();
                var dtls = DtlsConnectorConfig.builder(config)
                        .setAdvancedPskStore(new AdvancedSinglePskStore(
                                identity, HexFormat.of().parseHex(keyHex)))
                        .build();
                endpoint.setConnector(new DTLSConnector(dtls));
            }
            CoapClient c = new CoapClient(uri);
            c.setEndpoint(endpoint.build());
            c.setTimeout(timeoutS * 1000);
            return c;
        }

        /** Sends one write, prints the code and the answer's text, and exits 0 only on success. */
        int send(Request request) throws Exception {
            CoapClient c = client();
            try {
                CoapResponse r = request.send(c);
                if (r == null) {
                    throw new IOException(uri + ": no answer within " + timeoutS + " s");
                }
                System.out.println(r.getCode() + " " + r.getResponseText());
                return r.isSuccess() ? 0 : 1;
            } catch (ConnectorException e) {
                throw new IOException(uri + ": " + e.getMessage(), e);
            } finally {
                c.shutdown();
            }
        }
    }

    /** The response as a line: code, then the payload (CBOR shown as its JSON equivalent). */
    static String render(CoapResponse r) throws Exception {
        String payload;
        if (r.getOptions().getContentFormat() == Senml.CONTENT_FORMAT_CBOR) {
            payload = JSON.writeValueAsString(CBOR.readTree(r.getPayload()));
        } else {
            payload = r.getResponseText();
        }
        return r.getCode() + " " + payload;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "GET a resource and print the answer.")
    static final class Get extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            CoapClient c = client();
            try {
                Integer format = acceptFormat();
                CoapResponse r = format == null ? c.get() : c.get(format);
                if (r == null) {
                    throw new IOException(uri + ": no answer within " + timeoutS + " s");
                }
                System.out.println(render(r));
                return r.isSuccess() ? 0 : 1;
            } catch (ConnectorException e) {
                throw new IOException(uri + ": " + e.getMessage(), e);
            } finally {
                c.shutdown();
            }
        }
    }

    @Command(
            name = "observe",
            mixinStandardHelpOptions = true,
            description = "Observe a resource; print each notification.")
    static final class Observe extends Common implements Callable<Integer> {
        @Option(
                names = "--count",
                defaultValue = "5",
                description = "stop after this many notifications (default: ${DEFAULT-VALUE})")
        int count;

        @Override
        public Integer call() throws Exception {
            CoapClient c = client();
            CountDownLatch received = new CountDownLatch(count);
            Integer format = acceptFormat();
            CoapHandler handler = new CoapHandler() {
                @Override
                public void onLoad(CoapResponse response) {
                    try {
                        System.out.println(render(response));
                    } catch (Exception e) {
                        System.out.println(response.getCode() + " (undecodable payload: " + e.getMessage() + ")");
                    }
                    received.countDown();
                }

                @Override
                public void onError() {
                    System.err.println("healbms coap: observe of " + uri + " failed");
                }
            };
            CoapObserveRelation relation = format == null ? c.observe(handler) : c.observe(handler, format);
            try {
                boolean all = received.await(timeoutS * count, TimeUnit.SECONDS);
                return all ? 0 : 1;
            } finally {
                relation.proactiveCancel();
                c.shutdown();
            }
        }
    }

    @Command(
            name = "put",
            mixinStandardHelpOptions = true,
            description = "PUT a file (e.g. a rules file) to a resource.")
    static final class Put extends Common implements Callable<Integer> {
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "payload")
        Path file;

        @Override
        public Integer call() throws Exception {
            String payload = Files.readString(file);
            return send(c -> c.put(payload, MediaTypeRegistry.TEXT_PLAIN));
        }
    }

    @Command(
            name = "post",
            mixinStandardHelpOptions = true,
            description = "POST to a resource (e.g. cells/N/eis to sweep a cell), with an optional payload file.")
    static final class Post extends Common implements Callable<Integer> {
        @Option(names = "--file", paramLabel = "FILE", description = "payload (default: none)")
        Path file;

        @Override
        public Integer call() throws Exception {
            String payload = file == null ? "" : Files.readString(file);
            return send(c -> c.post(payload, MediaTypeRegistry.TEXT_PLAIN));
        }
    }

    /** One request of a write command. */
    @FunctionalInterface
    interface Request {
        CoapResponse send(CoapClient client) throws ConnectorException, IOException;
    }
}
