package org.healbms.sim.device.can;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;

/**
 * A CAN interface inside the process, as the kernel's is inside a host: every node opened on the same
 * interface name shares one bus (so {@code healbms can dump} hears the firmware it runs), and a frame
 * one node sends reaches every other node. Each node's receive buffer is bounded like a socket's: a
 * node that does not read loses the newest frames, counted, and slows nobody down.
 *
 * <p>{@link #shortCircuit} is the fault: every controller on the bus goes bus-off and stays there,
 * refusing restarts, until the short is removed.
 */
public final class EmulatedCanBus {

    /** Frames a node buffers, as a socket's receive buffer of some 200 frames. */
    public static final int RECEIVE_BUFFER_FRAMES = 256;

    private static final Map<String, EmulatedCanBus> INTERFACES = new ConcurrentHashMap<>();

    private final String iface;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private volatile boolean shorted;

    private EmulatedCanBus(String iface) {
        this.iface = iface;
    }

    /** The process's interface of that name, made on first use. */
    public static EmulatedCanBus named(String iface) {
        return INTERFACES.computeIfAbsent(iface, EmulatedCanBus::new);
    }

    public String iface() {
        return iface;
    }

    /** A new node on this bus. */
    public CanBus node() {
        Node n = new Node();
        nodes.add(n);
        return n;
    }

    /** Shorts the bus (every node goes bus-off on its next send) or removes the short. */
    public void shortCircuit(boolean shorted) {
        this.shorted = shorted;
    }

    /** One controller on the bus. */
    private final class Node implements CanBus {

        private final BlockingQueue<CanFrame> received = new ArrayBlockingQueue<>(RECEIVE_BUFFER_FRAMES);
        private final AtomicLong dropped = new AtomicLong();
        private volatile boolean busOff;

        @Override
        public String name() {
            return iface;
        }

        @Override
        public void send(CanFrame frame) throws BusException {
            if (shorted) {
                busOff = true;
            }
            if (busOff) {
                throw new BusException(iface + ": bus-off, " + frame + " not sent");
            }
            long now = System.nanoTime();
            CanFrame onWire = new CanFrame(frame.id(), frame.data(), now);
            for (Node other : nodes) {
                if (other != this && !other.busOff && !other.received.offer(onWire)) {
                    other.dropped.incrementAndGet();
                }
            }
        }

        @Override
        public CanFrame receive(Duration timeout) throws BusException {
            try {
                return timeout.isZero() || timeout.isNegative()
                        ? received.poll()
                        : received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusException(iface + ": interrupted while receiving", e);
            }
        }

        @Override
        public boolean busOff() {
            return busOff;
        }

        @Override
        public void restart() throws BusException {
            if (shorted) {
                throw new BusException(iface + ": still bus-off (the bus is shorted)");
            }
            busOff = false;
        }

        @Override
        public void close() {
            nodes.remove(this);
        }

        @Override
        public String toString() {
            return iface + " node (" + dropped.get() + " frames dropped)";
        }
    }
}
