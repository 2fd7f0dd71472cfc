package org.healbms.drivers.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tel.schich.javacan.CanFrame;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.NetworkDevice;
import tel.schich.javacan.RawCanChannel;
import tel.schich.javacan.RawReceiveMessageHeaderBuffer;
import tel.schich.javacan.platform.linux.LinuxNativeOperationException;

/**
 * The JavaCAN-backed socket on an in-process channel at JavaCAN's own seam ({@link RawCanChannel}),
 * as the kernel's CAN_RAW socket behaves, since this machine has no CAN in its kernel (no vcan:
 * JavaCanSocketTest's vcan0 test is skipped here): frames written and read in JavaCAN's form, a
 * non-blocking read that finds nothing (EAGAIN), a receive timeout, an interface that goes down
 * (ENETDOWN), and the kernel's bus-off error frame, read by the SocketCanBus above it.
 */
class JavaCanChannelTest {

    private static final int EAGAIN = 11;
    private static final int ENETDOWN = 100;

    /** A bound CAN_RAW channel without the native part: what was written, what is to be read. */
    static final class InProcessChannel extends RawCanChannel {
        /**
         * JavaCAN's other ways to read and write, which the adapter does not use: a test that starts
         * failing here shows the adapter took a path this fake does not model.
         */
        private static UnsupportedOperationException notCalledByTheAdapter() {
            return new UnsupportedOperationException(
                    "the JavaCAN adapter does not call this; the fake does not model it");
        }

        final List<CanFrame> written = new ArrayList<>();
        final Deque<CanFrame> toRead = new ArrayDeque<>();
        final Map<SocketOption<?>, Object> options = new HashMap<>();
        boolean blocking = true;
        boolean down;
        boolean closed;

        InProcessChannel() {
            super(-1);
        }

        @Override
        public RawCanChannel bind(NetworkDevice device) {
            throw new UnsupportedOperationException("bound already");
        }

        @Override
        public NetworkDevice getDevice() {
            throw new UnsupportedOperationException("no device in process");
        }

        @Override
        public boolean isBound() {
            return true;
        }

        @Override
        public void configureBlocking(boolean block) {
            blocking = block;
        }

        @Override
        public boolean isBlocking() {
            return blocking;
        }

        @Override
        public <T> void setOption(SocketOption<T> option, T value) {
            options.put(option, value);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public CanFrame read() throws IOException {
            if (toRead.isEmpty()) {
                if (!blocking) {
                    throw new LinuxNativeOperationException("Unable to read from the socket", EAGAIN, "try again");
                }
                throw new LinuxNativeOperationException("Unable to read from the socket", EAGAIN, "timed out");
            }
            return toRead.poll();
        }

        @Override
        public RawCanChannel write(CanFrame frame) throws IOException {
            if (down) {
                throw new LinuxNativeOperationException("Unable to write to the socket", ENETDOWN, "Network is down");
            }
            written.add(frame);
            return this;
        }

        @Override
        public CanFrame receive() {
            throw notCalledByTheAdapter();
        }

        @Override
        public CanFrame receive(RawReceiveMessageHeaderBuffer headerBuffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public CanFrame read(ByteBuffer buffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public CanFrame receive(ByteBuffer buffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public CanFrame receive(ByteBuffer buffer, RawReceiveMessageHeaderBuffer headerBuffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public long readUnsafe(ByteBuffer buffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public long receiveUnsafe(ByteBuffer buffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public long receiveUnsafe(ByteBuffer buffer, RawReceiveMessageHeaderBuffer headerBuffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public RawCanChannel send(CanFrame frame) {
            throw notCalledByTheAdapter();
        }

        @Override
        public long writeUnsafe(ByteBuffer buffer) {
            throw notCalledByTheAdapter();
        }

        @Override
        public long sendUnsafe(ByteBuffer buffer) {
            throw notCalledByTheAdapter();
        }
    }

    private static String hex(byte[] data) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data);
    }

    private static byte[] data(CanFrame f) {
        byte[] out = new byte[f.getDataLength()];
        f.getData(out, 0, out.length);
        return out;
    }

    private static CanFrame errorFrame(int errorClass) {
        return CanFrame.createRaw(SocketCanBus.ERR_FLAG | errorClass, CanFrame.FD_NO_FLAGS, new byte[8], 0, 8);
    }

    private final InProcessChannel channel = new InProcessChannel();

    private SocketCanBus bus() throws BusException {
        return SocketCanBus.open("can0", iface -> new JavaCanSocket(channel));
    }

    @Test
    void aFrameGoesOutAsJavaCanWritesIt() throws Exception {
        try (SocketCanBus bus = bus()) {
            bus.send(new org.healbms.drivers.bus.CanFrame(
                    0x351, HexFormat.ofDelimiter(" ").parseHex("28 02 F4 01 E8 03 E0 01"), 0));
        }
        assertThat(channel.written).hasSize(1);
        CanFrame f = channel.written.getFirst();
        assertThat(f.getRawId()).isEqualTo(0x351);
        assertThat(f.isExtended()).isFalse();
        assertThat(f.isFDFrame()).isFalse();
        assertThat(hex(data(f))).isEqualTo("28 02 F4 01 E8 03 E0 01");
        assertThat(channel.closed).isTrue();
    }

    @Test
    void aTickReadsWithoutWaitingAndAnEmptySocketIsNoFrame() throws Exception {
        channel.toRead.add(CanFrame.create(0x305, CanFrame.FD_NO_FLAGS, new byte[8]));
        try (SocketCanBus bus = bus()) {
            org.healbms.drivers.bus.CanFrame f = bus.receive(Duration.ZERO);
            assertThat(channel.blocking).as("a zero timeout reads non-blocking").isFalse();
            assertThat(f.toString()).isEqualTo("305 [8] 00 00 00 00 00 00 00 00");
            assertThat(bus.receive(Duration.ZERO)).as("EAGAIN: nothing there").isNull();
            assertThat(bus.receive(Duration.ofMillis(250))).as("timed out").isNull();
            assertThat(channel.blocking).isTrue();
            assertThat(channel.options).containsEntry(CanSocketOptions.SO_RCVTIMEO, Duration.ofMillis(250));
        }
    }

    @Test
    void anInterfaceThatGoesDownIsBusOffAndTheKernelsErrorFramesSetAndClearIt() throws Exception {
        try (SocketCanBus bus = bus()) {
            channel.down = true;
            assertThatThrownBy(() -> bus.send(new org.healbms.drivers.bus.CanFrame(0x351, new byte[8], 0)))
                    .isInstanceOf(BusException.class)
                    .hasMessageContaining("can0: interface down");
            assertThat(bus.busOff()).isTrue();
            channel.down = false;
            // The kernel's can_id word of an error frame, flags and all, as JavaCAN reads it from the socket:
            // CAN_ERR_FLAG | CAN_ERR_RESTARTED (linux/can/error.h), 8 data bytes. (create() would mask it to 11 bits.)
            channel.toRead.add(errorFrame(SocketCanBus.ERR_RESTARTED));
            assertThat(bus.receive(Duration.ZERO)).isNull();
            assertThat(bus.busOff()).isFalse();
            channel.toRead.add(errorFrame(SocketCanBus.ERR_BUSOFF));
            assertThat(bus.receive(Duration.ZERO)).isNull();
            assertThat(bus.busOff()).isTrue();
        }
    }
}
