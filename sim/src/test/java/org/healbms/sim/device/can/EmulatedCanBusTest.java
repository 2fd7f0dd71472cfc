package org.healbms.sim.device.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.junit.jupiter.api.Test;

class EmulatedCanBusTest {

    @Test
    void aFrameReachesEveryOtherNodeOfTheInterfaceStampedWhenSent() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-deliver");
        assertThat(EmulatedCanBus.named("test-deliver")).isSameAs(bus);
        try (CanBus a = bus.node();
                CanBus b = bus.node();
                CanBus c = bus.node()) {
            long before = System.nanoTime();
            a.send(new CanFrame(0x351, new byte[] {1, 2}, 0));
            for (CanBus other : new CanBus[] {b, c}) {
                CanFrame f = other.receive(Duration.ZERO);
                assertThat(f.id()).isEqualTo(0x351);
                assertThat(f.data()).containsExactly(1, 2);
                assertThat(f.timestampNanos()).isGreaterThanOrEqualTo(before);
            }
            assertThat(a.receive(Duration.ZERO)).isNull();
        }
    }

    /** A node that does not read keeps the oldest frames it has room for; the sender is never held up. */
    @Test
    void aNodeThatDoesNotReadLosesTheNewestFramesOnly() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-flood");
        try (CanBus sender = bus.node();
                CanBus sleeper = bus.node()) {
            for (int i = 0; i < EmulatedCanBus.RECEIVE_BUFFER_FRAMES + 100; i++) {
                sender.send(new CanFrame(0x100, new byte[] {(byte) i}, 0));
            }
            int n = 0;
            CanFrame first = sleeper.receive(Duration.ZERO);
            for (CanFrame f = first; f != null; f = sleeper.receive(Duration.ZERO)) {
                n++;
            }
            assertThat(n).isEqualTo(EmulatedCanBus.RECEIVE_BUFFER_FRAMES);
            assertThat(first.data()).containsExactly(0);
        }
    }

    @Test
    void aShortedBusPutsSendersBusOffAndRefusesRestartsUntilItIsClear() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-short");
        try (CanBus a = bus.node()) {
            bus.shortCircuit(true);
            assertThatThrownBy(() -> a.send(new CanFrame(0x351, new byte[8], 0)))
                    .isInstanceOf(BusException.class)
                    .hasMessageContaining("test-short: bus-off");
            assertThat(a.busOff()).isTrue();
            assertThatThrownBy(a::restart).hasMessageContaining("still bus-off");
            bus.shortCircuit(false);
            a.restart();
            assertThat(a.busOff()).isFalse();
            a.send(new CanFrame(0x351, new byte[8], 0));
        }
    }
}
