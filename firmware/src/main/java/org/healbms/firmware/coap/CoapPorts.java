package org.healbms.firmware.coap;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Whether the UDP ports the CoAP server is configured for can be bound, asked before the firmware
 * restores its state: a run that cannot serve CoAP should stop before it touches anything. The check
 * binds each port and lets it go again, so a program that takes the port in between is still caught
 * by {@link TelemetryServer#start}, later but with the same message.
 */
public final class CoapPorts {

    private CoapPorts() {}

    /**
     * @param ports UDP ports; 0 (any free port) is always available and not checked
     * @return why the first port that cannot be bound cannot be, naming host and port; empty if all can
     */
    public static Optional<String> unavailable(String host, int... ports) {
        for (int port : ports) {
            if (port == 0) {
                continue;
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.bind(address);
            } catch (IOException e) {
                return Optional.of(
                        problem(address, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        return Optional.empty();
    }

    static String problem(InetSocketAddress address, String reason) {
        return "CoAP cannot bind UDP port " + address.getPort() + " on " + address.getHostString() + ": " + reason
                + " (another program or healbms run serves it? coap: port and secure_port in the firmware file choose the ports)";
    }
}
