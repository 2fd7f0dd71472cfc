package org.healbms.sim.device.ltc681x;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.healbms.drivers.bus.SpiTarget;
import org.healbms.drivers.ltc681x.Ltc681xVariant;
import org.healbms.sim.device.ltc681x.EmulatedCellMonitor.Conversion;

/**
 * A daisy chain of N LTC6811-1 or LTC6813-1 behind an LTC6820, as one SPI target (fact sheet
 * section 1). Index 0 is the IC nearest the host.
 *
 * <p>Framing: {@code CMD0 CMD1 PEC}, then per IC 6 data bytes + PEC. A command whose PEC does not
 * match is ignored, and so is a write block whose PEC does not match (for that IC only), as the
 * real chip does. A read answers 8 bytes per IC, nearest first; a write block for the last IC comes
 * first. After PLADC every further byte reads 0x00 while any IC converts and 0xFF after.
 *
 * <p>Power states, in the emulator's clock: the core sleeps (configuration reset, balancing off,
 * registers cleared) when no valid command came for {@link #WATCHDOG_TIMEOUT}; the isoSPI port idles
 * after {@link #IDLE_TIMEOUT} without a transfer. A transfer that reaches an IC which is not ready
 * is lost for the whole chain (nothing answers, 0xFF) and wakes that IC only: an idle port by any
 * transfer, a sleeping core only if chip select stays low {@link #WAKE_PULSE} (the transfer's byte
 * count at the SPI clock). Waking a chain therefore takes one transfer per IC, nearest first.
 * Simplification: a transfer takes no emulated time; the wake-up is complete when it ends.
 *
 * <p>Not modelled: STATB, DIAGN, the discharge timer (DCTO), the ADCVSC/ADCVAX/ADOL commands and
 * MD = 00 modes, and the effect of balancing current on the measured cell voltage.
 */
public final class Ltc681xChainEmulator implements SpiTarget {

    public static final Duration IDLE_TIMEOUT = Duration.ofNanos(4_300_000);
    public static final Duration WATCHDOG_TIMEOUT = Duration.ofMillis(1_800);
    public static final Duration WAKE_PULSE = Duration.ofNanos(300_000);

    private static final int COMMAND_BYTES = 4;
    private static final int BLOCK_BYTES = 8;

    private final String name;
    private final Ltc681xVariant variant;
    private final int spiClockHz;
    private final LongSupplier nanoTime;
    private final List<EmulatedCellMonitor> ics = new ArrayList<>();
    private final boolean[] asleep;
    private final boolean[] portReady;
    private final long[] lastActivity;
    private final long[] lastValidCommand;
    private final boolean[] notAnswering;
    private final int[] corruptReplies;
    private double conversionSlowdown = 1.0;
    private int conversionsToLose;

    public Ltc681xChainEmulator(
            String name, Ltc681xVariant variant, int icCount, int spiClockHz, LongSupplier nanoTime) {
        if (icCount < 1) {
            throw new IllegalArgumentException(name + ": a chain needs at least one IC, was " + icCount);
        }
        this.name = name;
        this.variant = variant;
        this.spiClockHz = spiClockHz;
        this.nanoTime = nanoTime;
        for (int i = 0; i < icCount; i++) {
            ics.add(new EmulatedCellMonitor(variant));
        }
        asleep = new boolean[icCount];
        Arrays.fill(asleep, true);
        portReady = new boolean[icCount];
        lastActivity = new long[icCount];
        lastValidCommand = new long[icCount];
        notAnswering = new boolean[icCount];
        corruptReplies = new int[icCount];
    }

    @Override
    public String name() {
        return name;
    }

    // ---- physical inputs and observation -------------------------------------------------------

    /** Cell voltage between C(cell) and C(cell-1) of IC {@code ic}; cells are 1-based. */
    public void setCellVoltage(int ic, int cell, double volts) {
        requireCell(cell);
        ic(ic).setCellVolts(cell, volts);
    }

    public void setGpioVoltage(int ic, int gpio, double volts) {
        if (gpio < 1 || gpio > variant.gpioCount()) {
            throw new IllegalArgumentException(
                    "%s: GPIO must be 1..%d, was %d".formatted(name, variant.gpioCount(), gpio));
        }
        ic(ic).setGpioVolts(gpio, volts);
    }

    public void setDieTemperature(int ic, double celsius) {
        ic(ic).setDieCelsius(celsius);
    }

    /** Whether the balancing switch of {@code cell} (1-based) is on, per the IC's configuration. */
    public boolean isDischarging(int ic, int cell) {
        requireCell(cell);
        return ic(ic).discharging(cell);
    }

    public boolean isAsleep(int ic) {
        expireTimers(nanoTime.getAsLong());
        return asleep[index(ic)];
    }

    /** The IC's CFGRA as it holds it now. */
    public byte[] configurationA(int ic) {
        return ic(ic).configurationA();
    }

    // ---- faults ----------------------------------------------------------------------------

    /** Disconnects (or reconnects) cell input C(input), 0..cell count. */
    public void setOpenWire(int ic, int input, boolean open) {
        if (input < 0 || input > variant.cellCount()) {
            throw new IllegalArgumentException(
                    "%s: input must be C0..C%d, was C%d".formatted(name, variant.cellCount(), input));
        }
        ic(ic).setOpenInput(input, open);
    }

    /** The next {@code count} register-group replies of IC {@code ic} carry one flipped bit. */
    public void corruptReplies(int ic, int count) {
        corruptReplies[index(ic)] = count;
    }

    /**
     * The next {@code count} conversion commands (ADCV, ADOW, ADAX, ...) are lost, as when the isoSPI
     * port went idle under them (a driver thread preempted between waking it and sending): nothing
     * converts, and the registers keep what they held.
     */
    public void loseConversionCommands(int count) {
        conversionsToLose = count;
    }

    /** The IC neither answers nor passes anything on: it and every IC beyond it read 0xFF. */
    public void setNotAnswering(int ic, boolean dead) {
        notAnswering[index(ic)] = dead;
    }

    public void setSelfTestFailure(int ic, boolean fail) {
        ic(ic).setSelfTestFault(fail);
    }

    /** Conversions take {@code factor} times the datasheet time (a slow part, or a driver timing test). */
    public void setConversionSlowdown(double factor) {
        conversionSlowdown = factor;
    }

    // ---- the bus ---------------------------------------------------------------------------

    @Override
    public void transfer(byte[] tx, byte[] rx) {
        if (tx.length != rx.length) {
            throw new IllegalArgumentException(name + ": tx and rx lengths differ");
        }
        long now = nanoTime.getAsLong();
        expireTimers(now);
        Arrays.fill(rx, (byte) 0xFF);
        // A dead IC swallows the frame: nothing reaches the ICs beyond it.
        int reached = reachableCount();
        for (int i = 0; i < reached; i++) {
            lastActivity[i] = now;
            if (!portReady[i]) {
                wake(i, tx.length, now);
                return;
            }
        }
        execute(tx, rx, now, reached);
    }

    private void wake(int i, int bytes, long now) {
        long csLowNanos = bytes * 8L * 1_000_000_000L / spiClockHz;
        if (asleep[i]) {
            if (csLowNanos < WAKE_PULSE.toNanos()) {
                return;
            }
            asleep[i] = false;
            lastValidCommand[i] = now;
        }
        portReady[i] = true;
    }

    private void execute(byte[] tx, byte[] rx, long now, int reached) {
        if (tx.length < COMMAND_BYTES || !BitSerialPec15.matches(tx, 0, 2)) {
            return;
        }
        int code = (tx[0] & 0x07) << 8 | tx[1] & 0xFF;
        for (int i = 0; i < reached; i++) {
            lastValidCommand[i] = now;
        }
        switch (code) {
            case 0x001 -> writeConfig(tx, 'A', reached);
            case 0x024 -> {
                if (variant == Ltc681xVariant.LTC6813) writeConfig(tx, 'B', reached);
            }
            case 0x002 -> reply(rx, reached, ic -> ic.configurationGroup('A'));
            case 0x026 -> {
                if (variant == Ltc681xVariant.LTC6813) reply(rx, reached, ic -> ic.configurationGroup('B'));
            }
            case 0x004, 0x006, 0x008, 0x00A -> reply(rx, reached, ic -> ic.cellGroup((code - 0x004) / 2));
            case 0x009, 0x00B -> {
                if (variant == Ltc681xVariant.LTC6813) reply(rx, reached, ic -> ic.cellGroup(code == 0x009 ? 4 : 5));
            }
            case 0x00C, 0x00E -> reply(rx, reached, ic -> ic.auxGroup(code == 0x00C ? 0 : 1));
            case 0x00D, 0x00F -> {
                if (variant == Ltc681xVariant.LTC6813) reply(rx, reached, ic -> ic.auxGroup(code == 0x00D ? 2 : 3));
            }
            case 0x010 -> reply(rx, reached, EmulatedCellMonitor::statusA);
            case 0x711 -> each(reached, EmulatedCellMonitor::clearCells);
            case 0x712 -> each(reached, EmulatedCellMonitor::clearAux);
            case 0x713 -> each(reached, EmulatedCellMonitor::clearStatus);
            case 0x714 -> pollAdc(rx, now, reached);
            default -> {
                if (conversionsToLose > 0) {
                    conversionsToLose--;
                } else {
                    startConversion(code, now, reached);
                }
            }
        }
    }

    /** ADCV, ADOW, CVST, ADAX, ADSTAT: fixed bits after masking MD and their own fields. */
    private void startConversion(int code, long now, int reached) {
        int md = code >> 7 & 0x3;
        Conversion conversion;
        int channels;
        if ((code & ~0x197 & 0x7FF) == 0x260) {
            conversion = Conversion.CELLS;
            channels = code & 0x7;
        } else if ((code & ~0x1D7 & 0x7FF) == 0x228) {
            conversion = (code & 0x40) != 0 ? Conversion.OPEN_WIRE_PULL_UP : Conversion.OPEN_WIRE_PULL_DOWN;
            channels = code & 0x7;
        } else if ((code & ~0x1E0 & 0x7FF) == 0x207 && (code >> 5 & 0x3) != 0 && (code >> 5 & 0x3) != 3) {
            conversion = (code >> 5 & 0x3) == 1 ? Conversion.SELF_TEST_1 : Conversion.SELF_TEST_2;
            channels = 0;
        } else if ((code & ~0x187 & 0x7FF) == 0x460) {
            conversion = Conversion.AUX;
            channels = code & 0x7;
        } else if ((code & ~0x187 & 0x7FF) == 0x468) {
            conversion = Conversion.STATUS;
            channels = code & 0x7;
        } else {
            return;
        }
        for (int i = 0; i < reached; i++) {
            ics.get(i).start(conversion, md, channels, now, conversionSlowdown);
        }
    }

    private void writeConfig(byte[] tx, char group, int reached) {
        int n = ics.size();
        for (int i = 0; i < reached; i++) {
            // The first block clocked in travels furthest: IC n-1's block comes first.
            int offset = COMMAND_BYTES + (n - 1 - i) * BLOCK_BYTES;
            if (tx.length >= offset + BLOCK_BYTES && BitSerialPec15.matches(tx, offset, 6)) {
                ics.get(i).write(group, Arrays.copyOfRange(tx, offset, offset + 6));
            }
        }
    }

    private void reply(byte[] rx, int reached, Function<EmulatedCellMonitor, byte[]> group) {
        for (int i = 0; i < reached; i++) {
            int offset = COMMAND_BYTES + i * BLOCK_BYTES;
            if (rx.length < offset + BLOCK_BYTES) {
                return;
            }
            byte[] block = Arrays.copyOf(group.apply(ics.get(i)), BLOCK_BYTES);
            BitSerialPec15.append(block, 0, 6);
            if (corruptReplies[i] > 0) {
                corruptReplies[i]--;
                block[3] ^= 0x04;
            }
            System.arraycopy(block, 0, rx, offset, BLOCK_BYTES);
        }
    }

    private void pollAdc(byte[] rx, long now, int reached) {
        boolean busy = false;
        for (int i = 0; i < reached; i++) {
            busy |= ics.get(i).converting(now);
        }
        Arrays.fill(rx, COMMAND_BYTES, rx.length, busy ? (byte) 0x00 : (byte) 0xFF);
    }

    private void each(int reached, Consumer<EmulatedCellMonitor> action) {
        for (int i = 0; i < reached; i++) {
            action.accept(ics.get(i));
        }
    }

    /** ICs a transfer reaches: up to and excluding the first one that does not answer. */
    private int reachableCount() {
        for (int i = 0; i < ics.size(); i++) {
            if (notAnswering[i]) {
                return i;
            }
        }
        return ics.size();
    }

    private void expireTimers(long now) {
        for (int i = 0; i < ics.size(); i++) {
            ics.get(i).finishIfDue(now);
            if (!asleep[i] && now - lastValidCommand[i] >= WATCHDOG_TIMEOUT.toNanos()) {
                asleep[i] = true;
                portReady[i] = false;
                ics.get(i).reset();
            }
            if (portReady[i] && now - lastActivity[i] >= IDLE_TIMEOUT.toNanos()) {
                portReady[i] = false;
            }
        }
    }

    private EmulatedCellMonitor ic(int ic) {
        return ics.get(index(ic));
    }

    private int index(int ic) {
        if (ic < 0 || ic >= ics.size()) {
            throw new IllegalArgumentException("%s: IC must be 0..%d, was %d".formatted(name, ics.size() - 1, ic));
        }
        return ic;
    }

    private void requireCell(int cell) {
        if (cell < 1 || cell > variant.cellCount()) {
            throw new IllegalArgumentException(
                    "%s: cell must be 1..%d, was %d".formatted(name, variant.cellCount(), cell));
        }
    }
}
