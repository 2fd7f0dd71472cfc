package org.healbms.cli.gateway;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.healbms.firmware.coap.AccessPolicy;

/**
 * How the gateway reaches a pack: plain CoAP, or DTLS with a pre-shared key of the firmware's key
 * file (the identity a pack's firmware knows, with at least the read role).
 */
public record CoapLink(AccessPolicy.Key key) {

    public static final CoapLink PLAIN = new CoapLink(null);

    /** A client of its own for the pack, on an endpoint of its own (one DTLS session per pack). */
    public CoapClient client(PackEndpoint pack) {
        CoapConfig.register();
        UdpConfig.register();
        // Californium's default endpoint writes Californium3.properties into the working directory.
        Configuration config = Configuration.createStandardWithoutFile();
        CoapEndpoint.Builder endpoint = new CoapEndpoint.Builder().setConfiguration(config);
        if (pack.secure()) {
            if (key == null) {
                throw new IllegalArgumentException(
                        "pack " + pack.packId() + " is coaps://: give the key file and the identity to use");
            }
            DtlsConfig.register();
            endpoint.setConnector(new DTLSConnector(DtlsConnectorConfig.builder(config)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(key.identity(), key.secret()))
                    .build()));
        }
        CoapClient client = new CoapClient(pack.frame());
        client.setEndpoint(endpoint.build());
        return client;
    }
}
