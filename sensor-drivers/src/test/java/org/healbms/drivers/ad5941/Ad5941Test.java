package org.healbms.drivers.ad5941;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.healbms.drivers.bus.BusException;
import org.junit.jupiter.api.Test;

class Ad5941Test {

    private final ScriptedAfe afe = new ScriptedAfe();
    private final TestClock clock = new TestClock();
    private final Ad5941 chip = new Ad5941(afe, BatteryBoard.EVAL_AD5941BATZ, clock);

    @Test
    void initialiseChecksBothIdsThenRunsTheResetTable() throws Exception {
        chip.initialise();

        assertThat(afe.frames.subList(0, 8))
                .containsExactly(
                        "20 04 00",
                        "6D 00 00 00",
                        "20 04 04",
                        "6D 00 00 00",
                        "20 09 08",
                        "2D 02 C9",
                        "20 0C 08",
                        "2D 20 6C");
        assertThat(afe.registers)
                .containsEntry(0x2230, 0xDE87_A5A0) // calibration lock written last
                .containsEntry(0x300C, 0x2) // DFTRDY routed to INTC1
                .containsEntry(0x2014, 0x4) // sine
                .containsEntry(0x203C, 768) // 300 mVpp
                .containsEntry(0x21A8, 0x0001_0607) // AIN3 - AIN2, PGA 1.5
                .containsEntry(0x2000, 0x0019_4640);
    }

    @Test
    void wrongAdiidIsABusExceptionNamingTheDevice() {
        afe.registers.put(0x0400, 0x4143);

        assertThatThrownBy(chip::initialise)
                .isInstanceOf(BusException.class)
                .hasMessageContaining("spi-0.0")
                .hasMessageContaining("0x4143");
    }

    @Test
    void wrongChipIdIsABusException() {
        afe.registers.put(0x0404, 0x1234);

        assertThatThrownBy(chip::initialise).isInstanceOf(BusException.class).hasMessageContaining("CHIPID 0x1234");
    }

    @Test
    void onePointMeasuresRcalThenCellAndTakesTheirRatio() throws Exception {
        chip.initialise();
        afe.rcalDft = new int[] {10_000, 0};
        afe.cellDft = new int[] {4_000, 2_000}; // hardware imag sign: a capacitive -2000 after fixing

        ImpedanceSpectrum spectrum = chip.sweep(new SweepPlan(List.of(1000.0)));

        ImpedancePoint point = spectrum.points().getFirst();
        assertThat(point.fault()).isEqualTo(ImpedanceFault.NONE);
        assertThat(point.realOhm()).isCloseTo(0.020, within(1e-12));
        assertThat(point.imagOhm()).isCloseTo(-0.010, within(1e-12));
        assertThat(point.frequencyHz()).isCloseTo(1000.002, within(0.001));
        assertThat(afe.framesFrom("20 20 30"))
                .startsWith(
                        "20 20 30", "2D 00 01 06 25", // WGFCW
                        "20 20 44", "2D 00 00 13 11", // ADCFILTERCON: 800 kHz, notch off, SINC2 OSR 178, SINC3 OSR 4
                        "20 20 D0", "2D 00 10 00 81", // DFTCON: Hanning, 1024, SINC3
                        "20 23 5C", "2D 00 00 00 00", // SWMUX: RCAL
                        "20 30 04", "2D 00 00 00 02", // clear DFTRDY
                        "20 20 00", "2D 00 19 46 C0", // ADC power
                        "20 20 00", "2D 00 19 C7 C0", // ADC convert + DFT
                        "20 30 14", "6D 00 00 00 00 00", // poll INTCFLAG1
                        "20 20 78", "6D 00 00 00 00 00", // DFTREAL
                        "20 20 7C", "6D 00 00 00 00 00", // DFTIMAG
                        "20 20 00", "2D 00 19 46 40", // stop
                        "20 23 5C", "2D 00 00 00 01"); // SWMUX: cell
        assertThat(spectrum.startedAt()).isBefore(spectrum.finishedAt());
    }

    @Test
    void aDftThatNeverFinishesIsABusExceptionAfterTheDeadline() throws Exception {
        chip.initialise();
        afe.dftReady = false;

        assertThatThrownBy(() -> chip.sweep(new SweepPlan(List.of(1000.0))))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("DFT not ready")
                .hasMessageContaining("spi-0.0");
        // 10 ms mux settle + 50 us ADC settle, then 1.5 x 5.12 ms + 100 ms from the conversion
        // start, overshot by at most one 2 ms poll.
        assertThat(clock.nanoTime()).isBetween(117_730_000L, 119_730_000L);
        assertThat(afe.registers.get(0x2000)).isEqualTo(Ad5941.AFECON_EXCITE);
    }

    @Test
    void almostNoSignalAcrossRcalIsANoExcitationFaultNotANumber() throws Exception {
        chip.initialise();
        afe.rcalDft = new int[] {12, 0x3FFF0};
        afe.cellDft = new int[] {3, 1};

        ImpedancePoint point =
                chip.sweep(new SweepPlan(List.of(100.0))).points().getFirst();

        assertThat(point.fault()).isEqualTo(ImpedanceFault.NO_EXCITATION);
        assertThat(point.valid()).isFalse();
        assertThat(point.realOhm()).isNaN();
        assertThat(point.rcal()).isEqualTo(new DftResult(12, -16));
    }

    @Test
    void aClippedDftIsReportedAsClipped() throws Exception {
        chip.initialise();
        afe.rcalDft = new int[] {0x1FFFF, 0};
        afe.cellDft = new int[] {40_000, 0};

        ImpedancePoint point =
                chip.sweep(new SweepPlan(List.of(100.0))).points().getFirst();

        assertThat(point.fault()).isEqualTo(ImpedanceFault.CLIPPED);
    }

    @Test
    void aChipThatStopsAnsweringMidSweepIsCaughtByTheIdentityCheck() throws Exception {
        chip.initialise();
        afe.rcalDft = new int[] {10_000, 0};
        afe.cellDft = new int[] {4_000, 0};
        afe.registers.put(0x0400, 0);

        assertThatThrownBy(() -> chip.sweep(new SweepPlan(List.of(10.0))))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("not an AD594x");
    }

    @Test
    void logSweepSpansOneHertzToOneKilohertz() {
        SweepPlan plan = SweepPlan.batteryDefault();

        assertThat(plan.frequenciesHz()).hasSize(20);
        assertThat(plan.frequenciesHz().getFirst()).isEqualTo(1.0);
        assertThat(plan.frequenciesHz().getLast()).isEqualTo(1000.0);
        assertThat(plan.frequenciesHz().get(1) / plan.frequenciesHz().get(0))
                .isCloseTo(plan.frequenciesHz().get(19) / plan.frequenciesHz().get(18), within(1e-9));
    }

    @Test
    void badPlansAreRefused() {
        assertThatThrownBy(() -> SweepPlan.logSpaced(10, 1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AD5941");
        assertThatThrownBy(() -> new SweepPlan(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
