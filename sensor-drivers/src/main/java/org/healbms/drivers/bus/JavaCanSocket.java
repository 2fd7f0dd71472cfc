package org.healbms.drivers.bus;

import java.io.IOException;
import java.time.Duration;
import tel.schich.javacan.CanChannels;
import tel.schich.javacan.CanFrame;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.NetworkDevice;
import tel.schich.javacan.RawCanChannel;
import tel.schich.javacan.platform.linux.LinuxNativeOperationException;

/**
 * A CAN_RAW socket through JavaCAN (its native part is loaded on first use, so a desktop that never
 * opens a CAN interface never needs it). Reads without a timeout are non-blocking, so a control tick
 * that drains the socket never waits.
 */
public final class JavaCanSocket implements SocketCanBus.RawSocket {

    /** Error classes the socket is told to deliver: controller problems, bus-off and restarted. */
    private static final int ERROR_CLASSES = 0x04 | SocketCanBus.ERR_BUSOFF | SocketCanBus.ERR_RESTARTED;

    private static final int ENETDOWN = 100;
    private static final int ENODEV = 19;

    private final RawCanChannel channel;
    private boolean blocking = true;
    private Duration readTimeout = Duration.ZERO;

    /** On a channel already bound (JavaCanChannelTest gives it an in-process one). */
    JavaCanSocket(RawCanChannel channel) {
        this.channel = channel;
    }

    public static JavaCanSocket open(String iface) throws IOException {
        RawCanChannel channel = CanChannels.newRawChannel();
        try {
            channel.bind(NetworkDevice.lookup(iface));
            channel.setOption(CanSocketOptions.ERR_FILTER, ERROR_CLASSES);
            return new JavaCanSocket(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void write(int canId, byte[] data) throws IOException {
        try {
            channel.write(CanFrame.create(canId, CanFrame.FD_NO_FLAGS, data));
        } catch (LinuxNativeOperationException e) {
            if (e.getErrorNumber() == ENETDOWN || e.getErrorNumber() == ENODEV) {
                throw new SocketCanBus.InterfaceDown(e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public SocketCanBus.RawFrame read(Duration timeout) throws IOException {
        boolean wait = !timeout.isZero() && !timeout.isNegative();
        if (wait != blocking) {
            channel.configureBlocking(wait);
            blocking = wait;
        }
        if (wait && !timeout.equals(readTimeout)) {
            channel.setOption(CanSocketOptions.SO_RCVTIMEO, timeout);
            readTimeout = timeout;
        }
        CanFrame frame;
        try {
            frame = channel.read();
        } catch (LinuxNativeOperationException e) {
            if (e.mayTryAgain()) {
                return null;
            }
            throw e;
        }
        byte[] data = new byte[frame.getDataLength()];
        frame.getData(data, 0, data.length);
        return new SocketCanBus.RawFrame(frame.getRawId(), data);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
