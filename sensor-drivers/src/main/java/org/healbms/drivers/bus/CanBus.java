package org.healbms.drivers.bus;

import java.time.Duration;

/**
 * A CAN interface (SocketCAN's {@code can0} on a Pi, an emulated bus on a desktop): frames out, frames
 * in with the time they arrived. The bit rate is the interface's, set where the interface is brought
 * up (see docs/can.md); a node only sends and listens.
 *
 * <p>A controller that sees too many errors goes bus-off and neither sends nor receives until it is
 * restarted; {@link #busOff()} says so, and {@link #restart()} brings the node back as far as software
 * can (the interface's own automatic restart does the rest).
 */
public interface CanBus extends AutoCloseable {

    String name();

    /** Queues {@code frame} for sending (its timestamp is ignored). */
    void send(CanFrame frame) throws BusException;

    /**
     * The next frame received, waiting at most {@code timeout} for one (zero: only what is already
     * there); null if none came. Frames another node of this process sent are received too.
     */
    CanFrame receive(Duration timeout) throws BusException;

    /** The controller is bus-off (or the interface down): nothing goes out or comes in. */
    boolean busOff();

    /** Reopens the node after bus-off; throws if the interface is still not there. */
    void restart() throws BusException;

    @Override
    void close() throws BusException;
}
