package org.healbms.drivers.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SocketCAN node's reading of the kernel's can_id word, bus-off and restart, on an in-process socket. */
class SocketCanBusTest {

    /** A CAN_RAW socket as the kernel behaves: frames queued for reading, writes recorded or refused. */
    static final class FakeSocket implements SocketCanBus.RawSocket {
        final Deque<SocketCanBus.RawFrame> incoming = new ArrayDeque<>();
        final List<String> written = new ArrayList<>();
        IOException writeFailure;
        boolean closed;

        @Override
        public void write(int canId, byte[] data) throws IOException {
            if (writeFailure != null) {
                throw writeFailure;
            }
            written.add(new CanFrame(canId, data, 0).toString());
        }

        @Override
        public SocketCanBus.RawFrame read(Duration timeout) {
            return incoming.poll();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<FakeSocket> opened = new ArrayList<>();

    private SocketCanBus open() throws BusException {
        return SocketCanBus.open("can0", iface -> {
            FakeSocket s = new FakeSocket();
            opened.add(s);
            return s;
        });
    }

    @Test
    void sendsAndReceivesStandardFramesWithTheirArrivalTime() throws Exception {
        SocketCanBus bus = open();
        bus.send(new CanFrame(0x351, new byte[] {0x28, 0x02}, 0));
        assertThat(opened.getFirst().written).containsExactly("351 [2] 28 02");
        opened.getFirst().incoming.add(new SocketCanBus.RawFrame(0x305, new byte[8]));
        long before = System.nanoTime();
        CanFrame f = bus.receive(Duration.ZERO);
        assertThat(f.id()).isEqualTo(0x305);
        assertThat(f.dlc()).isEqualTo(8);
        assertThat(f.timestampNanos()).isBetween(before, System.nanoTime());
        assertThat(bus.receive(Duration.ZERO)).isNull();
    }

    @Test
    void extendedAndRemoteFramesArePassedOverAndCounted() throws Exception {
        SocketCanBus bus = open();
        opened.getFirst().incoming.add(new SocketCanBus.RawFrame(SocketCanBus.EFF_FLAG | 0x18FF50E5, new byte[8]));
        opened.getFirst().incoming.add(new SocketCanBus.RawFrame(SocketCanBus.RTR_FLAG | 0x351, new byte[0]));
        opened.getFirst().incoming.add(new SocketCanBus.RawFrame(0x305, new byte[0]));
        assertThat(bus.receive(Duration.ZERO).id()).isEqualTo(0x305);
        assertThat(bus.foreignFrames()).isEqualTo(2);
    }

    @Test
    void aBusOffErrorFrameSetsBusOffAndARestartedOneOrARestartClearsIt() throws Exception {
        SocketCanBus bus = open();
        opened.getFirst()
                .incoming
                .add(new SocketCanBus.RawFrame(SocketCanBus.ERR_FLAG | SocketCanBus.ERR_BUSOFF, new byte[8]));
        assertThat(bus.receive(Duration.ZERO)).isNull();
        assertThat(bus.busOff()).isTrue();
        opened.getFirst()
                .incoming
                .add(new SocketCanBus.RawFrame(SocketCanBus.ERR_FLAG | SocketCanBus.ERR_RESTARTED, new byte[8]));
        bus.receive(Duration.ZERO);
        assertThat(bus.busOff()).isFalse();

        opened.getFirst().writeFailure = new SocketCanBus.InterfaceDown("Network is down", null);
        assertThatThrownBy(() -> bus.send(new CanFrame(0x351, new byte[8], 0)))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("can0: interface down");
        assertThat(bus.busOff()).isTrue();
        bus.restart();
        assertThat(opened).hasSize(2);
        assertThat(opened.getFirst().closed).isTrue();
        assertThat(bus.busOff()).isFalse();
        bus.send(new CanFrame(0x351, new byte[] {1}, 0));
        assertThat(opened.get(1).written).containsExactly("351 [1] 01");
    }

    @Test
    void aFullTransmitQueueIsAFailedSendNotBusOff() throws Exception {
        SocketCanBus bus = open();
        opened.getFirst().writeFailure = new IOException("No buffer space available");
        assertThatThrownBy(() -> bus.send(new CanFrame(0x356, new byte[6], 0)))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("send of 356 [6]");
        assertThat(bus.busOff()).isFalse();
    }

    /** A native part that does not load must not escape as an Error into the control tick. */
    @Test
    void aNativeLibraryThatDoesNotLoadIsABusExceptionToo() {
        assertThatThrownBy(() -> SocketCanBus.open("can0", iface -> {
                    throw new NoClassDefFoundError("Could not initialize class tel.schich.javacan.JavaCAN");
                }))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("can0: cannot open the CAN interface");
    }

    @Test
    void anInterfaceThatCannotBeOpenedIsABusExceptionNamingIt() {
        assertThatThrownBy(() -> SocketCanBus.open("can9", iface -> {
                    throw new IOException("No such device");
                }))
                .isInstanceOf(BusException.class)
                .hasMessage("can9: cannot open the CAN interface: No such device");
    }
}
