package org.healbms.sim.device.ad5941;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import org.healbms.drivers.bus.SpiTarget;

/**
 * An AD5941 on an EVAL-AD5941BATZ-like board measuring one cell: the SPI register protocol
 * ({@code 20} set address, {@code 2D} write, {@code 6D} + dummy byte read; 32 data bits for
 * 0x1000–0x3014, 16 otherwise), the identity registers, and a DFT engine. The sine generator drives
 * a current through RCAL and the cell in series; SWMUX bit 0 selects which voltage the board's
 * ADG636 hands to AIN3/AIN2; the DFT returns that voltage through the signal chain, the PGA and the
 * ADC as 18-bit codes (imaginary part negated, as the hardware does), after the DFT's real duration
 * on the injected clock. Frames of the wrong length are ignored and counted, as the chip would
 * ignore them. Not modelled: the sequencer, the data FIFO ({@code 5F}), sleep and wake-up.
 */
public final class Ad5941Emulator implements SpiTarget {

    public static final double SYSTEM_CLOCK_HZ = 16e6;
    /** Excitation current amplitude at WGAMPLITUDE = 2047 (board transconductance assumption). */
    public static final double FULL_SCALE_CURRENT_A = 0.100;

    private static final int ADIID = 0x0400;
    private static final int CHIPID = 0x0404;
    private static final int AFECON = 0x2000;
    private static final int SWCON = 0x200C;
    private static final int WGCON = 0x2014;
    private static final int WGFCW = 0x2030;
    private static final int WGAMPLITUDE = 0x203C;
    private static final int ADCFILTERCON = 0x2044;
    private static final int DFTREAL = 0x2078;
    private static final int DFTIMAG = 0x207C;
    private static final int DFTCON = 0x20D0;
    private static final int DSWFULLCON = 0x2150;
    private static final int NSWFULLCON = 0x2154;
    private static final int PSWFULLCON = 0x2158;
    private static final int ADCCON = 0x21A8;
    private static final int SWMUX = 0x235C;
    private static final int INTCCLR = 0x3004;
    private static final int INTCSEL0 = 0x3008;
    private static final int INTCSEL1 = 0x300C;
    private static final int INTCFLAG0 = 0x3010;
    private static final int INTCFLAG1 = 0x3014;
    private static final int DFTRDY = 1 << 1;
    private static final int AFECON_DFT_RUNNING = 1 << 15 | 1 << 8 | 1 << 7; // DFTEN, ADCCONVEN, ADCEN
    private static final int AFECON_EXCITING = 1 << 14 | 1 << 6; // WAVEGENEN, DACEN
    private static final double[] PGA_GAIN = {1, 1.5, 2, 4, 9, 9, 9, 9};
    private static final double ADC_REFERENCE_V = 1.82;
    private static final int DFT_MAX = (1 << 17) - 1;

    private final String name;
    private final LongSupplier nanoTime;
    private final Random noise;
    private final Map<Integer, Integer> registers = new HashMap<>();
    /** Volatile: a test ages the cell from its own thread while a sweep runs on another. */
    private volatile CellImpedanceModel cell = CellImpedanceModel.TYPICAL_18650;

    private double rcalOhm = 0.050;
    private SignalChain chain = SignalChain.BATZ_LIKE;
    private double noiseCodes;
    private Ad5941Fault fault = Ad5941Fault.NONE;
    private int address;
    private int flags;
    private int framingErrors;
    private int[] pendingDft;
    private long dftReadyAtNs;

    public Ad5941Emulator(String name, LongSupplier nanoTime, long noiseSeed) {
        this.name = name;
        this.nanoTime = nanoTime;
        this.noise = new Random(noiseSeed);
        // Reset values (ad5940.h *_RESET) of the registers the model reads.
        registers.put(AFECON, 0x0008_0000);
        registers.put(SWCON, 0x0000_FFFF);
        registers.put(WGCON, 0x30);
        registers.put(ADCFILTERCON, 0x301);
        registers.put(DFTCON, 0x90);
    }

    /** The cell the front end is wired across; replace it to age the cell (see {@link CellImpedanceModel#withChargeTransferOhm}). */
    public void setCell(CellImpedanceModel cell) {
        this.cell = cell;
    }

    public void setRcalOhm(double rcalOhm) {
        this.rcalOhm = rcalOhm;
    }

    public void setSignalChain(SignalChain chain) {
        this.chain = chain;
    }

    /** Standard deviation of Gaussian noise added to each DFT part, in codes. */
    public void setNoiseCodes(double noiseCodes) {
        this.noiseCodes = noiseCodes;
    }

    public void setFault(Ad5941Fault fault) {
        this.fault = fault;
    }

    /** Frames ignored because their length did not fit their command and register. */
    public int framingErrors() {
        return framingErrors;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void transfer(byte[] tx, byte[] rx) {
        if (tx.length != rx.length) {
            throw new IllegalArgumentException("SPI transfer needs equal tx and rx lengths");
        }
        if (fault == Ad5941Fault.NO_ANSWER) {
            Arrays.fill(rx, (byte) 0xFF);
            return;
        }
        Arrays.fill(rx, (byte) 0);
        int width = address >= 0x1000 && address <= 0x3014 ? 4 : 2;
        switch (tx.length == 0 ? 0 : tx[0]) {
            case 0x20 -> {
                if (tx.length == 3) {
                    address = (tx[1] & 0xFF) << 8 | tx[2] & 0xFF;
                } else {
                    framingErrors++;
                }
            }
            case 0x2D -> {
                if (tx.length == 1 + width) {
                    write(address, bigEndian(tx, 1, width));
                } else {
                    framingErrors++;
                }
            }
            case 0x6D -> {
                if (tx.length == 2 + width) {
                    int value = read(address);
                    for (int i = 0; i < width; i++) {
                        rx[2 + i] = (byte) (value >>> (8 * (width - 1 - i)));
                    }
                } else {
                    framingErrors++;
                }
            }
            default -> framingErrors++;
        }
    }

    private static int bigEndian(byte[] bytes, int offset, int length) {
        int value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }
        return value;
    }

    private int read(int register) {
        completeDftIfDue();
        return switch (register) {
            case ADIID -> fault == Ad5941Fault.WRONG_ID ? 0x4100 : 0x4144;
            case CHIPID -> 0x5502;
            case INTCFLAG0 -> flags & registers.getOrDefault(INTCSEL0, 0);
            case INTCFLAG1 -> flags & registers.getOrDefault(INTCSEL1, 0);
            default -> registers.getOrDefault(register, 0);
        };
    }

    private void write(int register, int value) {
        completeDftIfDue();
        switch (register) {
            case ADIID, CHIPID -> {} // read-only
            case INTCCLR -> flags &= ~value;
            case AFECON -> {
                boolean wasRunning = running(registers.get(AFECON));
                registers.put(AFECON, value);
                if (running(value) && !wasRunning) {
                    startDft();
                } else if (!running(value)) {
                    pendingDft = null; // conversions stopped before the DFT finished
                }
            }
            default -> registers.put(register, value);
        }
    }

    private static boolean running(int afecon) {
        return (afecon & AFECON_DFT_RUNNING) == AFECON_DFT_RUNNING;
    }

    private void startDft() {
        Phasor codes = adcPhasor();
        int real = toDftCode(codes.re());
        int imag = toDftCode(-codes.im()); // the hardware negates the imaginary part
        pendingDft = new int[] {real, imag};
        dftReadyAtNs =
                nanoTime.getAsLong() + DftTiming.durationNanos(registers.get(ADCFILTERCON), registers.get(DFTCON));
    }

    private void completeDftIfDue() {
        if (pendingDft == null || fault == Ad5941Fault.DFT_NEVER_READY || nanoTime.getAsLong() - dftReadyAtNs < 0) {
            return;
        }
        registers.put(DFTREAL, pendingDft[0] & 0x3FFFF);
        registers.put(DFTIMAG, pendingDft[1] & 0x3FFFF);
        flags |= DFTRDY;
        pendingDft = null;
    }

    /** The sense voltage as ADC codes (before noise), or zero if the path is not set up. */
    private Phasor adcPhasor() {
        int adccon = registers.getOrDefault(ADCCON, 0);
        boolean muxOnSense = (adccon & 0x3F) == 0x07 && ((adccon >>> 8) & 0x1F) == 0x06; // AIN3, AIN2
        if (!excitationFlows() || !muxOnSense) {
            return Phasor.real(0);
        }
        double frequency = excitationHz();
        double current = (registers.getOrDefault(WGAMPLITUDE, 0) & 0x7FF) / 2047.0 * FULL_SCALE_CURRENT_A;
        boolean cellSelected = (registers.getOrDefault(SWMUX, 0) & 1) != 0;
        Phasor load = cellSelected ? cell.impedanceAt(frequency) : Phasor.real(rcalOhm);
        double codesPerVolt = PGA_GAIN[(adccon >>> 16) & 7] / ADC_REFERENCE_V * 32768;
        return load.times(current).times(chain.responseAt(frequency)).times(codesPerVolt);
    }

    /**
     * Current flows only if the sine generator and HS DAC run, the switch matrix routes the DAC to CE0
     * with AIN1/AIN0 as its feedback, and the loop is closed.
     */
    private boolean excitationFlows() {
        boolean sine = ((registers.get(WGCON) >>> 1) & 3) == 2;
        boolean exciting = (registers.get(AFECON) & AFECON_EXCITING) == AFECON_EXCITING;
        boolean switches = (registers.get(SWCON) & 1 << 16) != 0
                && (registers.getOrDefault(DSWFULLCON, 0) & 1 << 4) != 0
                && (registers.getOrDefault(PSWFULLCON, 0) & 1 << 1) != 0
                && (registers.getOrDefault(NSWFULLCON, 0) & 1) != 0;
        return sine && exciting && switches && fault != Ad5941Fault.OPEN_EXCITATION && excitationHz() > 0;
    }

    private double excitationHz() {
        return (registers.getOrDefault(WGFCW, 0) & 0xFF_FFFF) * SYSTEM_CLOCK_HZ / (1 << 30);
    }

    private int toDftCode(double value) {
        long code = Math.round(value + noise.nextGaussian() * noiseCodes);
        return (int) Math.max(-DFT_MAX - 1, Math.min(DFT_MAX, code));
    }
}
