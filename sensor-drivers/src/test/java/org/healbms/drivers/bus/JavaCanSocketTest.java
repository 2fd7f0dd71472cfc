package org.healbms.drivers.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The JavaCAN-backed socket on this machine's kernel. Without a CAN interface (no {@code vcan}
 * module here) only the failure path runs: JavaCAN's native part loads and an interface that is not
 * there is a {@link BusException} naming it. Where {@code vcan0} exists (modprobe vcan; ip link add
 * vcan0 type vcan; ip link set vcan0 up), two nodes exchange a frame through the kernel.
 */
class JavaCanSocketTest {

    @Test
    void anInterfaceThatIsNotThereIsABusExceptionNamingIt() {
        assertThatThrownBy(() -> SocketCanBus.open("healbms-none0", JavaCanSocket::open))
                .isInstanceOf(BusException.class)
                .hasMessageStartingWith("healbms-none0: cannot open the CAN interface: ");
    }

    @Test
    void twoNodesOnVcan0ExchangeAFrame() throws Exception {
        assumeTrue(
                Files.exists(Path.of("/sys/class/net/vcan0")),
                "no vcan0 on this machine (the kernel's vcan module is not loaded); the socket logic is tested on"
                        + " SocketCanBusTest's in-process socket");
        try (SocketCanBus a = SocketCanBus.open("vcan0", JavaCanSocket::open);
                SocketCanBus b = SocketCanBus.open("vcan0", JavaCanSocket::open)) {
            a.send(new CanFrame(
                    0x351, new byte[] {0x28, 0x02, (byte) 0xF4, 0x01, (byte) 0xE8, 0x03, (byte) 0xE0, 0x01}, 0));
            CanFrame f = b.receive(Duration.ofSeconds(2));
            assertThat(f).isNotNull();
            assertThat(f.toString()).isEqualTo("351 [8] 28 02 F4 01 E8 03 E0 01");
            assertThat(b.receive(Duration.ZERO)).isNull();
        }
    }
}
