package org.healbms.cli.gateway;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * One pack the gateway listens to: its id (the key of its telemetry records, so all of a pack's
 * records land on one partition) and its firmware's {@code frame} resource.
 */
public record PackEndpoint(String packId, URI frame) {

    /**
     * Reads {@code ID=coap://host:port} (or {@code coaps://}); a URI without a path means the firmware's
     * {@code /frame}.
     */
    public static PackEndpoint parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("--pack needs ID=coap://HOST:PORT, got '" + text + "'");
        }
        String id = text.substring(0, eq).strip();
        URI uri;
        try {
            uri = new URI(text.substring(eq + 1).strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--pack " + id + ": not a URI: " + e.getMessage());
        }
        if (!"coap".equals(uri.getScheme()) && !"coaps".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "--pack " + id + ": the URI must be coap:// or coaps://, got '" + uri + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("--pack " + id + ": the URI names no host: '" + uri + "'");
        }
        if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
            uri = uri.resolve("/frame");
        }
        return new PackEndpoint(id, uri);
    }

    public boolean secure() {
        return "coaps".equals(frame.getScheme());
    }
}
