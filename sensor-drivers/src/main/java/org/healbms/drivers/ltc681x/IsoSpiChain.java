package org.healbms.drivers.ltc681x;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.SpiTarget;

/**
 * The frame layer of a daisy chain on one chip select: wake-up, commands, register-group writes
 * and PEC-checked reads (fact sheet section 1, "Bus" and "Frame").
 *
 * <p>Wake-up. This seam cannot hold chip select low without clocking, so "CS low" is a transfer of
 * dummy 0xFF bytes, which the chips ignore (their PEC cannot match). From sleep each IC needs CS low
 * for at least 300 us and wakes the next one only once it is up, so the chain gets one pulse of
 * ceil(300 us x f / 8) bytes per IC (as the Linduino {@code wakeup_sleep} loops per IC). From idle
 * (isoSPI quiet for 4.3 ms) one 0xFF byte per IC is enough. The chain is assumed asleep before its
 * first use and 1.5 s after its last command (the watchdog sleeps the core after 1.8 s at the
 * earliest), and idle 2 ms after its last transfer, well inside the 4.3 ms: the thread can be
 * preempted between deciding and transferring, and waking an already awake chain does no harm.
 *
 * <p>Retry policy: reading a register group has no side effect, so a reply with a PEC mismatch is
 * read once more; if that reply fails too, {@link BusException} names the ICs and the group.
 */
final class IsoSpiChain {

    static final Duration WAKE_PULSE = Duration.ofNanos(300_000);
    static final Duration ASSUME_IDLE_AFTER = Duration.ofMillis(2);
    static final Duration ASSUME_ASLEEP_AFTER = Duration.ofMillis(1_500);

    private static final int DATA_BYTES = 6;
    private static final int BLOCK_BYTES = DATA_BYTES + 2;
    private static final int COMMAND_BYTES = 4;

    private final SpiTarget target;
    private final int icCount;
    private final int wakePulseBytes;
    private final DeviceClock time;
    private boolean woken;
    private long lastTransferNanos;
    private long lastCommandNanos;

    IsoSpiChain(SpiTarget target, int icCount, int spiClockHz, DeviceClock time) {
        this.target = target;
        this.icCount = icCount;
        this.time = time;
        this.wakePulseBytes = (int) Math.ceilDiv(WAKE_PULSE.toNanos() * spiClockHz, 8 * 1_000_000_000L);
    }

    String name() {
        return target.name();
    }

    int icCount() {
        return icCount;
    }

    /** One CS-low pulse of at least 300 us per IC, nearest first. */
    void wakeFromSleep() throws BusException {
        byte[] pulse = new byte[wakePulseBytes];
        Arrays.fill(pulse, (byte) 0xFF);
        for (int ic = 0; ic < icCount; ic++) {
            target.transfer(pulse, new byte[pulse.length]);
        }
        woken = true;
        lastTransferNanos = time.nanoTime();
        lastCommandNanos = lastTransferNanos;
    }

    /** Sends a command that carries no data (conversions, clears). */
    void command(Command command) throws BusException {
        transfer(command.frame());
    }

    /** Writes one 6-byte block per IC; {@code perIc.get(0)} is for the nearest IC. */
    void write(RegisterGroup group, List<byte[]> perIc) throws BusException {
        byte[] tx = new byte[COMMAND_BYTES + icCount * BLOCK_BYTES];
        System.arraycopy(group.writeCommand().frame(), 0, tx, 0, COMMAND_BYTES);
        // The first block clocked in is shifted furthest along the chain: last IC's data first.
        for (int ic = 0; ic < icCount; ic++) {
            int offset = COMMAND_BYTES + (icCount - 1 - ic) * BLOCK_BYTES;
            System.arraycopy(perIc.get(ic), 0, tx, offset, DATA_BYTES);
            Pec15.append(tx, offset, DATA_BYTES);
        }
        transfer(tx);
    }

    /** Reads one group from every IC, nearest first, each block PEC-checked. */
    List<byte[]> read(RegisterGroup group) throws BusException {
        byte[] rx = readOnce(group);
        if (!badIcs(rx).isEmpty()) {
            rx = readOnce(group);
            List<Integer> bad = badIcs(rx);
            if (!bad.isEmpty()) {
                throw new BusException("%s: PEC mismatch reading group %s from IC %s of %d (after one re-read)"
                        .formatted(target.name(), group, bad, icCount));
            }
        }
        List<byte[]> blocks = new ArrayList<>(icCount);
        for (int ic = 0; ic < icCount; ic++) {
            int offset = COMMAND_BYTES + ic * BLOCK_BYTES;
            blocks.add(Arrays.copyOfRange(rx, offset, offset + DATA_BYTES));
        }
        return blocks;
    }

    /** PLADC with one byte clocked after it: 0x00 while any IC converts, 0xFF once all are done. */
    boolean conversionDone() throws BusException {
        byte[] tx = Arrays.copyOf(Command.PLADC.frame(), COMMAND_BYTES + 1);
        tx[COMMAND_BYTES] = (byte) 0xFF;
        return (transfer(tx)[COMMAND_BYTES] & 0xFF) == 0xFF;
    }

    void pause(Duration duration) throws BusException {
        try {
            time.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(target.name() + ": interrupted while waiting " + duration, e);
        }
    }

    private byte[] readOnce(RegisterGroup group) throws BusException {
        byte[] tx = new byte[COMMAND_BYTES + icCount * BLOCK_BYTES];
        Arrays.fill(tx, (byte) 0xFF);
        System.arraycopy(group.readCommand().frame(), 0, tx, 0, COMMAND_BYTES);
        return transfer(tx);
    }

    private List<Integer> badIcs(byte[] rx) {
        List<Integer> bad = new ArrayList<>();
        for (int ic = 0; ic < icCount; ic++) {
            if (!Pec15.matches(rx, COMMAND_BYTES + ic * BLOCK_BYTES, DATA_BYTES)) {
                bad.add(ic);
            }
        }
        return bad;
    }

    private byte[] transfer(byte[] tx) throws BusException {
        wakeIfNeeded();
        byte[] rx = new byte[tx.length];
        target.transfer(tx, rx);
        lastTransferNanos = time.nanoTime();
        lastCommandNanos = lastTransferNanos;
        return rx;
    }

    /** Whether the chain is taken to be asleep now (never woken, or quiet long enough for its watchdog). */
    boolean asleep() {
        return !woken || time.nanoTime() - lastCommandNanos >= ASSUME_ASLEEP_AFTER.toNanos();
    }

    private void wakeIfNeeded() throws BusException {
        long now = time.nanoTime();
        if (asleep()) {
            wakeFromSleep();
        } else if (now - lastTransferNanos >= ASSUME_IDLE_AFTER.toNanos()) {
            byte[] dummy = {(byte) 0xFF};
            for (int ic = 0; ic < icCount; ic++) {
                target.transfer(dummy, new byte[1]);
            }
            lastTransferNanos = time.nanoTime();
        }
    }
}
