package org.healbms.firmware.coap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.DoubleSupplier;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.healbms.firmware.memory.HeapWatch;

/**
 * The first gate a datagram meets, on the connector's receiver thread before it is parsed or queued:
 * it is dropped unread (nothing allocated for it, no answer sent) when its source address is past
 * its hard cap, when the protocol stage is behind ({@link #backlogged}), or when the heap is
 * critical. Otherwise the endpoint's own queue would grow with the
 * flood: Californium's protocol stage queue is unbounded, and each waiting datagram holds its bytes.
 */
final class InboundGate implements Connector {

    private final Connector connector;
    private final ThreadPoolExecutor protocolStage;
    private final AddressBuckets hardCap;
    private final DoubleSupplier liveHeap;
    private final RefusalTally tally;

    InboundGate(
            Connector connector,
            ThreadPoolExecutor protocolStage,
            AddressBuckets hardCap,
            DoubleSupplier liveHeap,
            RefusalTally tally) {
        this.connector = connector;
        this.protocolStage = protocolStage;
        this.hardCap = hardCap;
        this.liveHeap = liveHeap;
        this.tally = tally;
    }

    @Override
    public void setRawDataReceiver(RawDataChannel endpoint) {
        connector.setRawDataReceiver(raw -> {
            NetworkThreads.lowerCurrent(); // the connector's receiving thread, below the control loop
            var source = raw.getInetSocketAddress().getAddress();
            if (hardCap.take(source, System.nanoTime()) != 0) {
                tally.count(RefusalTally.Kind.DROPPED_RATE, source);
            } else if (backlogged(source)) {
                tally.count(RefusalTally.Kind.DROPPED_BACKLOG, source);
            } else if (liveHeap.getAsDouble() > HeapWatch.CRITICAL) {
                tally.count(RefusalTally.Kind.DROPPED_HEAP, source);
            } else {
                endpoint.receiveData(raw);
            }
        });
    }

    /**
     * Past {@link CoapLimits#PROTOCOL_STAGE_BACKLOG} waiting tasks, datagrams from heavy senders are
     * dropped; past four times that, all are. So a host that sends a request now and then still gets
     * through while another floods (a flood on the same machine can starve the protocol stage of CPU).
     */
    private boolean backlogged(InetAddress source) {
        int backlog = protocolStage.getQueue().size();
        return backlog >= 4 * CoapLimits.PROTOCOL_STAGE_BACKLOG
                || backlog >= CoapLimits.PROTOCOL_STAGE_BACKLOG && hardCap.heavy(source);
    }

    @Override
    public void start() throws IOException {
        connector.start();
    }

    @Override
    public void stop() {
        connector.stop();
    }

    @Override
    public void destroy() {
        connector.destroy();
    }

    @Override
    public void send(RawData msg) {
        connector.send(msg);
    }

    @Override
    public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
        connector.setEndpointContextMatcher(matcher);
    }

    @Override
    public InetSocketAddress getAddress() {
        return connector.getAddress();
    }

    @Override
    public String getProtocol() {
        return connector.getProtocol();
    }

    @Override
    public boolean isRunning() {
        return connector.isRunning();
    }

    @Override
    public void processDatagram(DatagramPacket datagram) {
        connector.processDatagram(datagram);
    }

    @Override
    public String toString() {
        return connector.toString();
    }
}
