package org.healbms.firmware.coap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.healbms.io.config.ConfigDocument;
import org.healbms.io.config.ConfigReader;
import org.healbms.io.config.ConfigReader.Entry;

/**
 * The CoAP key file (YAML, format {@code healbms-keys} v1): DTLS pre-shared keys with their roles,
 * and whether plain-CoAP reads from loopback are allowed. Keep it readable by the service only.
 * <pre>
 * format: healbms-keys
 * format_version: 1
 * plain_loopback_reads: true
 * keys:
 *   - {identity: bench-1, key_hex: 000102030405060708090a0b0c0d0e0f, role: write}
 *   - {identity: dashboard, key_hex: 0f0e0d0c0b0a09080706050403020100, role: read}
 * </pre>
 */
public final class KeyFile {

    /** The keys and the policy they make. */
    public record Contents(List<AccessPolicy.Key> keys, AccessPolicy policy) {}

    private KeyFile() {}

    public static Contents read(Path file) throws IOException {
        ConfigReader reader = new ConfigReader(ConfigDocument.read(file));
        Entry root = reader.root();
        root.allowOnly("format", "format_version", "plain_loopback_reads", "keys");
        if (!root.text("format").equals("healbms-keys")) {
            root.problem("format", "expected healbms-keys");
        }
        root.integer("format_version", 1, 1);
        boolean plain = root.has("plain_loopback_reads")
                && root.choice("plain_loopback_reads", null, "true", "false").equals("true");
        List<AccessPolicy.Key> keys = new ArrayList<>();
        Map<String, AccessPolicy.Role> roles = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Entry k : root.list("keys")) {
            k.allowOnly("identity", "key_hex", "role");
            String identity = k.text("identity");
            if (!identity.isEmpty() && !ids.add(identity)) {
                k.problem("identity", "'" + identity + "' is listed twice");
            }
            byte[] secret = new byte[0];
            String hex = k.text("key_hex");
            try {
                secret = HexFormat.of().parseHex(hex);
                if (secret.length < 16) {
                    k.problem(
                            "key_hex",
                            "a pre-shared key needs at least 16 bytes (32 hex digits), got " + secret.length);
                }
            } catch (IllegalArgumentException e) {
                k.problem("key_hex", "not hexadecimal");
            }
            AccessPolicy.Role role = k.choice("role", null, "read", "write").equals("write")
                    ? AccessPolicy.Role.WRITE
                    : AccessPolicy.Role.READ;
            keys.add(new AccessPolicy.Key(identity, secret, role));
            roles.put(identity, role);
        }
        reader.throwIfProblems();
        return new Contents(keys, new AccessPolicy(roles, plain));
    }
}
