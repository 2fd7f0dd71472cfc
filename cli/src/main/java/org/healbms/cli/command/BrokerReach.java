package org.healbms.cli.command;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Whether a Kafka broker answers at a {@code --bootstrap} address, asked before a twin command starts
 * its clients: Kafka's own clients retry an address that refuses for their whole API timeout (a
 * minute), logging a warning a second, and end in a stack trace. Here a refused or silent address is
 * one line naming it and what failed, within {@link #CONNECT} per address and {@link #ANSWER} for the
 * broker's answer.
 */
final class BrokerReach {

    /** How long one address may take to accept a TCP connection. */
    static final Duration CONNECT = Duration.ofSeconds(5);
    /** How long a broker that accepted the connection may take to describe its cluster. */
    static final Duration ANSWER = Duration.ofSeconds(15);

    private BrokerReach() {}

    /**
     * Returns when a broker at one of the addresses describes its cluster; otherwise throws an
     * {@link IllegalArgumentException} whose message is the one line to print.
     */
    static void check(String bootstrap) throws InterruptedException {
        List<InetSocketAddress> addresses = addresses(bootstrap);
        List<String> problems = new ArrayList<>();
        boolean accepted = false;
        for (InetSocketAddress a : addresses) {
            String problem = connect(a);
            if (problem == null) {
                accepted = true;
                break;
            }
            problems.add(a.getHostString() + ":" + a.getPort() + " " + problem);
        }
        if (!accepted) {
            throw new IllegalArgumentException(
                    "no Kafka broker at --bootstrap " + bootstrap + ": " + String.join("; ", problems));
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) ANSWER.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) ANSWER.toMillis()))) {
            admin.describeCluster().clusterId().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("the Kafka broker at --bootstrap " + bootstrap
                    + " accepted a connection but did not describe its cluster: "
                    + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("the Kafka broker at --bootstrap " + bootstrap
                    + " accepted a connection but did not describe its cluster within " + ANSWER.toSeconds()
                    + " s (is it a Kafka broker's listener?)");
        }
    }

    /** The HOST:PORT list as Kafka takes it (comma separated); a malformed entry is named. */
    static List<InetSocketAddress> addresses(String bootstrap) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String entry : bootstrap.split(",")) {
            String e = entry.strip();
            int colon = e.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(e.substring(colon + 1));
                } catch (NumberFormatException notANumber) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "--bootstrap must be HOST:PORT[,HOST:PORT...] with a port from 1 to 65535, got '" + e + "'");
            }
            String host = e.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // an IPv6 literal
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        return out;
    }

    /** Null when the address accepts a TCP connection, else what went wrong, in words. */
    private static String connect(InetSocketAddress unresolved) {
        InetSocketAddress a = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (a.isUnresolved()) {
            return "does not resolve (unknown host)";
        }
        try (Socket s = new Socket()) {
            s.connect(a, (int) CONNECT.toMillis());
            return null;
        } catch (ConnectException e) {
            return "refused the connection";
        } catch (SocketTimeoutException e) {
            return "did not accept a connection within " + CONNECT.toSeconds() + " s";
        } catch (UnknownHostException e) {
            return "does not resolve (unknown host)";
        } catch (IOException e) {
            return "cannot be reached: " + e.getMessage();
        }
    }
}
