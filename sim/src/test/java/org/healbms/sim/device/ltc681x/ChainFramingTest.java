package org.healbms.sim.device.ltc681x;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.healbms.drivers.ltc681x.Ltc681xVariant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator on raw frames: what the real chip ignores, it ignores; what it must wait for, it withholds. */
class ChainFramingTest {

    private final VirtualTime time = new VirtualTime();
    private final Ltc681xChainEmulator chain =
            new Ltc681xChainEmulator("spi-0.0", Ltc681xVariant.LTC6811, 2, 1_000_000, time::nanoTime);

    @BeforeEach
    void wake() {
        for (int ic = 0; ic < 2; ic++) {
            send(new byte[38]);
        }
    }

    private byte[] send(byte[] tx) {
        byte[] rx = new byte[tx.length];
        chain.transfer(tx, rx);
        return rx;
    }

    private static byte[] frame(String hex, int extra) {
        byte[] command = HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] tx = Arrays.copyOf(command, command.length + extra);
        Arrays.fill(tx, command.length, tx.length, (byte) 0xFF);
        return tx;
    }

    @Test
    void shortPulseDoesNotWakeASleepingChain() {
        Ltc681xChainEmulator asleep =
                new Ltc681xChainEmulator("spi-0.1", Ltc681xVariant.LTC6811, 1, 1_000_000, time::nanoTime);

        asleep.transfer(new byte[] {(byte) 0xFF}, new byte[1]);

        assertThat(asleep.isAsleep(0)).isTrue();
        byte[] rx = new byte[12];
        asleep.transfer(frame("00 02 2B 0A", 8), rx);
        assertThat(rx).containsOnly(0xFF);
    }

    @Test
    void readBeforeTheConversionEndsReadsCleared() {
        send(frame("07 11 C9 C0", 0));
        send(frame("03 60 F4 6C", 0));

        byte[] early = send(frame("00 04 07 C2", 16));
        time.advance(Duration.ofNanos(2_335_000));
        byte[] late = send(frame("00 04 07 C2", 16));

        assertThat(Arrays.copyOfRange(early, 4, 12)).isEqualTo(HexFormat.of().parseHex("FFFFFFFFFFFF664C"));
        assertThat(late[4] & 0xFF | (late[5] & 0xFF) << 8).isEqualTo(36_000);
    }

    @Test
    void pladcReadsZeroWhileConverting() {
        send(frame("03 60 F4 6C", 0));

        byte[] busy = send(frame("07 14 F3 6C", 1));
        time.advance(Duration.ofNanos(2_335_000));
        byte[] done = send(frame("07 14 F3 6C", 1));

        assertThat(busy[4]).isZero();
        assertThat(done[4]).isEqualTo((byte) 0xFF);
    }

    @Test
    void commandWithBadPecIsIgnored() {
        send(frame("03 60 F4 6D", 0));
        time.advance(Duration.ofMillis(3));

        byte[] rx = send(frame("00 04 07 C2", 16));

        assertThat(Arrays.copyOfRange(rx, 4, 10)).containsOnly(0xFF);
    }

    @Test
    void writeBlockWithBadPecIsIgnoredByItsIcOnly() {
        // Last IC's block first: IC 1 gets a corrupted PEC, IC 0 the fact-sheet block.
        byte[] tx = HexFormat.of().parseHex("0001" + "3D6E" + "FC5217A40100" + "0000" + "FC5217A40000" + "07A0");

        send(tx);

        assertThat(chain.configurationA(0)[1]).isEqualTo((byte) 0x52);
        assertThat(chain.configurationA(1)[1]).isZero();
        assertThat(chain.isDischarging(1, 1)).isFalse();
    }

    @Test
    void idlePortLosesTheFirstFrame() {
        time.advance(Duration.ofMillis(5));

        byte[] lost = send(frame("00 02 2B 0A", 16));
        byte[] stillLost = send(frame("00 02 2B 0A", 16));
        byte[] answered = send(frame("00 02 2B 0A", 16));

        assertThat(lost).containsOnly(0xFF);
        assertThat(stillLost).containsOnly(0xFF);
        assertThat(answered[4]).isEqualTo((byte) 0xFA);
    }
}
