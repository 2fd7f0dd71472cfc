package org.healbms.firmware.coap;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Map;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * Who may do what over CoAP. Identities come from DTLS pre-shared keys, each with a role: read, or
 * write (which includes read). Writes always need an authenticated identity with the write role.
 * Reads over plain CoAP are allowed only when configured, and then only from loopback.
 */
public final class AccessPolicy {

    public enum Role {
        READ,
        WRITE
    }

    /** One pre-shared key: its identity, secret and role. */
    public record Key(String identity, byte[] secret, Role role) {}

    private final Map<String, Role> roles;
    private final boolean plainLoopbackReads;

    public AccessPolicy(Map<String, Role> roles, boolean plainLoopbackReads) {
        this.roles = Map.copyOf(roles);
        this.plainLoopbackReads = plainLoopbackReads;
    }

    /** No keys: a server on loopback for local tools only, read-only. */
    public static AccessPolicy loopbackReadsOnly() {
        return new AccessPolicy(Map.of(), true);
    }

    public static AdvancedMultiPskStore store(Iterable<Key> keys) {
        AdvancedMultiPskStore store = new AdvancedMultiPskStore();
        for (Key k : keys) {
            store.setKey(k.identity(), k.secret());
        }
        return store;
    }

    public boolean hasKeys() {
        return !roles.isEmpty();
    }

    /** Null when allowed; otherwise the response code to refuse with. */
    public ResponseCode read(Principal identity, InetSocketAddress peer) {
        if (identity != null) {
            return roles.containsKey(identity.getName()) ? null : ResponseCode.FORBIDDEN;
        }
        boolean loopback =
                peer != null && peer.getAddress() != null && peer.getAddress().isLoopbackAddress();
        return plainLoopbackReads && loopback ? null : ResponseCode.UNAUTHORIZED;
    }

    public ResponseCode write(Principal identity) {
        if (identity == null) {
            return ResponseCode.UNAUTHORIZED;
        }
        return roles.get(identity.getName()) == Role.WRITE ? null : ResponseCode.FORBIDDEN;
    }
}
