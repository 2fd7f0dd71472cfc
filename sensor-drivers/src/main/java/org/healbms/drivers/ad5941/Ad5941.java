package org.healbms.drivers.ad5941;

import static org.healbms.drivers.ad5941.Ad5941Map.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SpiTarget;

/**
 * Cell impedance spectroscopy with an AD5941 the way the EVAL-AD5941BATZ does it (ADI
 * AD5940_BATImpedance): the sine excitation current flows through RCAL and the cell in series; the
 * ADC and the hardware DFT measure the voltage across RCAL, then across the cell (the board's ADG636,
 * driven by SWMUX, puts one or the other on AIN3/AIN2), and
 * {@code Z_cell = V_cell / V_rcal × R_cal}. The excitation current, the amplifier and ADC gains and
 * phase shifts are the same in both DFTs at one frequency, so they cancel in the ratio and need no
 * calibration. The MCU writes the registers itself instead of running ADI's sequencer programs.
 */
public final class Ad5941 {

    /** Below this many DFT codes across RCAL there is no excitation current worth dividing by. */
    static final double MIN_RCAL_CODES = 50;
    /** ADC power-up before conversions start (the example's SEQ_WAIT(16*50) at 16 MHz). */
    static final Duration ADC_SETTLE = Duration.ofNanos(50_000);
    /**
     * Board assumption: time for the ADG636 and the amplifier behind it to settle after SWMUX
     * switches (the example precharges its coupling capacitors for a comparable time).
     */
    static final Duration MUX_SETTLE = Duration.ofMillis(10);

    static final Duration POLL_INTERVAL = Duration.ofMillis(2);
    /** The DFT-ready flag may come this late, plus half the DFT's own duration, before we give up. */
    static final Duration READY_MARGIN = Duration.ofMillis(100);

    /** AFECON while exciting: HP reference on (HPREFDIS clear), HS DAC and its reference, excitation
     * buffer and amplifier, waveform generator, SINC2 filter; ALDOILIMITEN stays at its reset 1. */
    static final int AFECON_EXCITE = AFECON_ALDOILIMITEN
            | AFECON_DACREFEN
            | AFECON_SINC2EN
            | AFECON_WAVEGENEN
            | AFECON_INAMPEN
            | AFECON_EXBUFEN
            | AFECON_DACEN;

    /** Which voltage the board's mux puts on the ADC inputs (SWMUX values of the example). */
    enum SensePath {
        RCAL(0),
        CELL(1);

        final int swmux;

        SensePath(int swmux) {
            this.swmux = swmux;
        }
    }

    /**
     * Power-up register writes the datasheet (initialisation table) and ADI's AD5940_Initialize
     * require after every reset, in this order.
     */
    private static final int[][] RESET_INIT = {
        {0x0908, 0x02C9}, {0x0C08, 0x206C}, {0x21F0, 0x0010}, {0x0410, 0x02C9},
        {0x0A28, 0x0009}, {0x238C, 0x0104}, {0x0A04, 0x4859}, {0x0A04, 0xF27B},
        {0x0A00, 0x8009}, {0x22F0, 0x0000}, {0x2230, 0xDE87A5AF}, {0x2250, 0x103F},
        {0x22B0, 0x203C}, {0x2230, 0xDE87A5A0},
    };

    private final RegisterPort port;
    private final BatteryBoard board;
    private final SweepClock clock;

    public Ad5941(SpiTarget target, BatteryBoard board, SweepClock clock) {
        this.port = new RegisterPort(target);
        this.board = board;
        this.clock = clock;
    }

    /**
     * Checks the chip's identity, runs the reset initialisation and sets up the excitation path.
     * Call once after power-up or reset, before {@link #sweep}.
     */
    public void initialise() throws BusException {
        checkIdentity();
        for (int[] write : RESET_INIT) {
            port.write(write[0], write[1]);
        }
        port.write(INTCSEL1, INT_DFTRDY);
        port.write(HSDACCON, HSDACCON_RATE_0X1B);
        // Excitation: HS DAC out on CE0, sensed back on AIN1 (P) and AIN0 (N), as on the BATZ board.
        port.write(DSWFULLCON, SWD_CE0);
        port.write(PSWFULLCON, SWP_AIN1);
        port.write(NSWFULLCON, SWN_AIN0);
        port.write(TSWFULLCON, 0);
        port.write(SWCON, SWCON_SWSOURCESEL);
        port.write(WGCON, WGCON_SINE);
        port.write(WGAMPLITUDE, board.amplitudeWord());
        port.write(WGOFFSET, 0);
        port.write(WGPHASE, 0);
        port.write(ADCCON, ADCMUXP_AIN3 | ADCMUXN_AIN2 << ADCCON_MUXSELN_SHIFT | ADCPGA_1P5 << ADCCON_GNPGA_SHIFT);
        port.write(AFECON, AFECON_EXCITE);
    }

    /** Measures the cell at every frequency of the plan. */
    public ImpedanceSpectrum sweep(SweepPlan plan) throws BusException, InterruptedException {
        Instant started = clock.now();
        List<ImpedancePoint> points = new ArrayList<>(plan.frequenciesHz().size());
        for (double frequency : plan.frequenciesHz()) {
            points.add(measure(frequency));
        }
        return new ImpedanceSpectrum(points, board.rcalOhm(), started, clock.now());
    }

    private ImpedancePoint measure(double requestedHz) throws BusException, InterruptedException {
        FrequencyWord word = FrequencyWord.forFrequency(requestedHz, board.systemClockHz());
        DftSetting setting = DftSetting.forFrequency(word.frequencyHz());
        port.write(WGFCW, word.word());
        port.write(ADCFILTERCON, setting.adcFilterCon());
        port.write(DFTCON, setting.dftCon());
        DftResult rcal = runDft(SensePath.RCAL, setting);
        DftResult cell = runDft(SensePath.CELL, setting);
        Instant measuredAt = clock.now();
        // The SPI has no checksum: a chip that stopped answering mid-point would read as plausible
        // numbers, so the identity is checked again before the point is trusted.
        checkIdentity();
        return ImpedanceRatio.point(word.frequencyHz(), rcal, cell, board.rcalOhm(), measuredAt);
    }

    private DftResult runDft(SensePath path, DftSetting setting) throws BusException, InterruptedException {
        port.write(SWMUX, path.swmux);
        clock.sleep(MUX_SETTLE);
        port.write(INTCCLR, INT_DFTRDY);
        port.write(AFECON, AFECON_EXCITE | AFECON_ADCEN);
        clock.sleep(ADC_SETTLE);
        port.write(AFECON, AFECON_EXCITE | AFECON_ADCEN | AFECON_ADCCONVEN | AFECON_DFTEN);
        long startedNs = clock.nanoTime();
        long deadlineNs =
                startedNs + setting.duration().multipliedBy(3).dividedBy(2).toNanos() + READY_MARGIN.toNanos();
        clock.sleep(setting.duration());
        while ((port.read(INTCFLAG1) & INT_DFTRDY) == 0) {
            if (clock.nanoTime() - deadlineNs >= 0) {
                port.write(AFECON, AFECON_EXCITE);
                throw new BusException("%s: AD5941 DFT not ready %d ms after start (%s, expected %d ms)"
                        .formatted(
                                port.name(),
                                (clock.nanoTime() - startedNs) / 1_000_000,
                                path,
                                setting.duration().toMillis()));
            }
            clock.sleep(POLL_INTERVAL);
        }
        DftResult result = DftResult.fromRegisters(port.read(DFTREAL), port.read(DFTIMAG));
        port.write(AFECON, AFECON_EXCITE);
        return result;
    }

    private void checkIdentity() throws BusException {
        int adiid = port.read(ADIID);
        int chipid = port.read(CHIPID);
        if (adiid != ADIID_VALUE || (chipid & 0xFF00) != CHIPID_FAMILY) {
            throw new BusException("%s: not an AD594x (ADIID 0x%04X, expected 0x%04X; CHIPID 0x%04X)"
                    .formatted(port.name(), adiid, ADIID_VALUE, chipid));
        }
    }
}
