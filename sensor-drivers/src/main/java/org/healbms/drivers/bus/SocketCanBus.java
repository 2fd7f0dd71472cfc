package org.healbms.drivers.bus;

import java.io.IOException;
import java.time.Duration;

/**
 * A node on a Linux SocketCAN interface. What the kernel's {@code can_id} word means (the extended,
 * remote and error flags, the error classes) is decided here, on a {@link RawSocket} seam, so that it
 * is tested without a CAN interface; {@link JavaCanSocket} is the seam on the real socket.
 *
 * <p>Bus-off comes in as an error frame (the socket subscribes to the bus-off, restarted and controller
 * error classes) or as a send that finds the interface down. The kernel restarts a bus-off controller
 * by itself when the interface has {@code restart-ms} set; {@link #restart()} reopens the socket after
 * that, and a "restarted" error frame clears the state as well.
 */
public final class SocketCanBus implements CanBus {

    /** can_id flags and error classes, from linux/can.h and linux/can/error.h. */
    static final int EFF_FLAG = 0x8000_0000;

    static final int RTR_FLAG = 0x4000_0000;
    static final int ERR_FLAG = 0x2000_0000;
    static final int ERR_BUSOFF = 0x0000_0040;
    static final int ERR_RESTARTED = 0x0000_0100;
    /** A read that finds only frames this node cannot use reads on for at most this many. */
    private static final int MAX_SKIPPED_PER_READ = 64;

    /** A raw CAN_RAW socket: the 32-bit can_id word with its flags, and up to 8 data bytes. */
    public interface RawSocket extends AutoCloseable {

        void write(int canId, byte[] data) throws IOException;

        /** The next frame within {@code timeout} (zero: without waiting), or null. */
        RawFrame read(Duration timeout) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Opens a raw socket bound to an interface. */
    @FunctionalInterface
    public interface RawSocketOpener {
        RawSocket open(String iface) throws IOException;
    }

    /** One frame as the socket gives it. */
    public record RawFrame(int canId, byte[] data) {}

    /** The interface is down or gone: a send cannot go out until it is up again. */
    public static final class InterfaceDown extends IOException {
        public InterfaceDown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String iface;
    private final RawSocketOpener opener;
    private RawSocket socket;
    private volatile boolean busOff;
    private long foreignFrames;

    private SocketCanBus(String iface, RawSocketOpener opener, RawSocket socket) {
        this.iface = iface;
        this.opener = opener;
        this.socket = socket;
    }

    /** A node on {@code iface}, opened with {@code opener}. */
    public static SocketCanBus open(String iface, RawSocketOpener opener) throws BusException {
        try {
            return new SocketCanBus(iface, opener, opener.open(iface));
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: a native part that does not load (another architecture, an old C library)
            // fails every open after the first with NoClassDefFoundError; it must stay a BusException.
            throw new BusException(iface + ": cannot open the CAN interface: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return iface;
    }

    @Override
    public synchronized void send(CanFrame frame) throws BusException {
        if (socket == null) {
            throw new BusException(iface + ": closed after a failed restart");
        }
        try {
            socket.write(frame.id(), frame.data());
        } catch (InterfaceDown e) {
            busOff = true;
            throw new BusException(iface + ": interface down: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new BusException(iface + ": send of " + frame + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized CanFrame receive(Duration timeout) throws BusException {
        if (socket == null) {
            return null;
        }
        Duration wait = timeout;
        for (int skipped = 0; skipped < MAX_SKIPPED_PER_READ; skipped++) {
            RawFrame raw;
            try {
                raw = socket.read(wait);
            } catch (IOException | RuntimeException e) {
                // Unchecked too: whatever the socket layer throws stays a bus fault, never the tick's.
                throw new BusException(iface + ": receive failed: " + e.getMessage(), e);
            }
            if (raw == null) {
                return null;
            }
            long now = System.nanoTime();
            if ((raw.canId() & ERR_FLAG) != 0) {
                if ((raw.canId() & ERR_BUSOFF) != 0) {
                    busOff = true;
                }
                if ((raw.canId() & ERR_RESTARTED) != 0) {
                    busOff = false;
                }
            } else if ((raw.canId() & (EFF_FLAG | RTR_FLAG)) != 0 || raw.data().length > CanFrame.MAX_DATA) {
                // 29-bit and remote frames belong to other protocols on a shared bus: not ours to decode.
                foreignFrames++;
            } else {
                busOff = false;
                return new CanFrame(raw.canId() & CanFrame.MAX_ID, raw.data(), now);
            }
            wait = Duration.ZERO;
        }
        return null;
    }

    /** Extended-id and remote frames received and passed over. */
    public synchronized long foreignFrames() {
        return foreignFrames;
    }

    @Override
    public boolean busOff() {
        return busOff;
    }

    @Override
    public synchronized void restart() throws BusException {
        RawSocket old = socket;
        socket = null;
        try {
            if (old != null) {
                old.close();
            }
        } catch (IOException e) {
            // The old socket is gone either way; the new one is what matters.
        }
        try {
            socket = opener.open(iface);
            busOff = false;
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new BusException(iface + ": restart failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws BusException {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            throw new BusException(iface + ": close failed: " + e.getMessage(), e);
        } finally {
            socket = null;
        }
    }
}
