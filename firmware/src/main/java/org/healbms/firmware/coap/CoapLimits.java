package org.healbms.firmware.coap;

import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Californium's limits for a firmware with a 64 MB heap, whatever the network does. Californium's
 * defaults are a cloud server's (150 000 peers, unbounded queues, a deduplicator that keeps every
 * message for 247 s): at 5 000 datagrams/s they take a 64 MB heap in seconds. Each value here is in
 * docs/coap.md with its reason; the worst case they allow together is about 19 MB (the sum there).
 */
public final class CoapLimits {

    /** Requests per second and burst each source address may send (all its ports together). */
    static final double ADDRESS_RATE_PER_S = 50;

    static final double ADDRESS_BURST = 100;
    /** Requests per second all addresses together may send; each gets its share. */
    static final double TOTAL_RATE_PER_S = 1000;
    /** Datagrams per second (and burst) from one address beyond which they are dropped unread. */
    static final double ADDRESS_HARD_CAP_PER_S = 200;

    static final double ADDRESS_HARD_BURST = 400;
    /** Source addresses with a bucket of their own; more share one. */
    static final int MAX_ADDRESSES = 1024;
    /** Tasks waiting for the protocol stage beyond which datagrams are dropped unread. */
    static final int PROTOCOL_STAGE_BACKLOG = 256;
    /** Messages the deduplicator remembers, per endpoint. */
    static final int DEDUPLICATOR_CAPACITY = 2048;
    /**
     * Observe relations per source address (a dashboard observing every resource of a 16-cell board
     * needs 36), and in total.
     */
    static final int OBSERVES_PER_ADDRESS = 64;

    static final int OBSERVES_TOTAL = 256;
    /** Max-Age of a 5.03 while the heap is short: when to try again. */
    static final long HEAP_RETRY_S = 5;
    /** How often the refusals are summed up in the audit log. */
    static final long SUMMARY_PERIOD_S = 60;

    private CoapLimits() {}

    /** The Californium (CoAP, UDP, DTLS) configuration with the limits. */
    public static Configuration configuration() {
        DtlsConfig.register();
        Configuration c = Configuration.createStandardWithoutFile();
        // Peers with state (MID trackers, block-wise transfers, congestion control).
        c.set(CoapConfig.MAX_ACTIVE_PEERS, 256);
        c.set(CoapConfig.MAX_PEER_INACTIVITY_PERIOD, 10, TimeUnit.MINUTES);
        // A LAN's latency is milliseconds, not RFC 7252's 100 s: a peer's last retransmission comes
        // within MAX_TRANSMIT_SPAN (45 s), so 60 s of deduplication covers it (RFC default 247 s).
        c.set(CoapConfig.EXCHANGE_LIFETIME, 60, TimeUnit.SECONDS);
        c.set(CoapConfig.NON_LIFETIME, 50, TimeUnit.SECONDS);
        c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        c.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, 16);
        c.set(CoapConfig.MARK_AND_SWEEP_INTERVAL, 5, TimeUnit.SECONDS);
        // Completed exchanges drop their payloads and options; only what a duplicate needs stays.
        c.set(CoapConfig.USE_MESSAGE_OFFLOADING, true);
        c.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        c.set(CoapConfig.PREFERRED_BLOCK_SIZE, 512);
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 8192);
        c.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, 30, TimeUnit.SECONDS);
        c.set(CoapConfig.MAX_SERVER_OBSERVES, OBSERVES_TOTAL);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_DATAGRAM_SIZE, 1280);
        c.set(UdpConfig.UDP_CONNECTOR_OUT_CAPACITY, 256);
        c.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 64);
        c.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, 10, TimeUnit.MINUTES);
        c.set(DtlsConfig.DTLS_MAX_PENDING_INBOUND_JOBS, 256);
        c.set(DtlsConfig.DTLS_MAX_PENDING_OUTBOUND_JOBS, 256);
        c.set(DtlsConfig.DTLS_MAX_PENDING_HANDSHAKE_RESULT_JOBS, 64);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        return c;
    }
}
