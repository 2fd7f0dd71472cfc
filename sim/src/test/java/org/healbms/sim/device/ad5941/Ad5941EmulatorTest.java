package org.healbms.sim.device.ad5941;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.healbms.drivers.ad5941.Ad5941;
import org.healbms.drivers.ad5941.BatteryBoard;
import org.healbms.drivers.ad5941.ImpedanceFault;
import org.healbms.drivers.ad5941.ImpedancePoint;
import org.healbms.drivers.ad5941.ImpedanceSpectrum;
import org.healbms.drivers.ad5941.SweepPlan;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.SpiMode;
import org.healbms.drivers.bus.SpiTarget;
import org.healbms.sim.device.EmulatedBusPlatform;
import org.junit.jupiter.api.Test;

/** The AD5941 driver against the emulator: the RCAL ratio method end to end. */
class Ad5941EmulatorTest {

    /** Stated accuracy: each point within 1 % of the model's |Z| (quantisation plus 2-code noise). */
    private static final double TOLERANCE = 0.01;

    private final VirtualSweepClock clock = new VirtualSweepClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Ad5941Emulator emulator = new Ad5941Emulator("spi-0.1", clock::nanoTime, 42);

    private Ad5941 driver() throws BusException {
        EmulatedBusPlatform platform = new EmulatedBusPlatform().attach(0, 1, emulator);
        SpiTarget target = platform.spi(0, 1, SpiMode.MODE_0, 1_000_000);
        return new Ad5941(target, BatteryBoard.EVAL_AD5941BATZ, clock);
    }

    @Test
    void sweepRecoversTheModelledCellFromOneHertzToOneKilohertz() throws Exception {
        emulator.setNoiseCodes(2);
        Ad5941 chip = driver();
        chip.initialise();

        ImpedanceSpectrum spectrum = chip.sweep(SweepPlan.batteryDefault());

        assertThat(spectrum.points()).hasSize(20);
        assertThat(spectrum.rcalOhm()).isEqualTo(0.050);
        for (ImpedancePoint point : spectrum.points()) {
            Phasor expected = CellImpedanceModel.TYPICAL_18650.impedanceAt(point.frequencyHz());
            double error = Math.hypot(point.realOhm() - expected.re(), point.imagOhm() - expected.im());
            assertThat(point.fault()).isEqualTo(ImpedanceFault.NONE);
            assertThat(error).as("%s Hz", point.frequencyHz()).isLessThan(TOLERANCE * expected.abs());
        }
        assertThat(spectrum.points().getFirst().frequencyHz()).isBetween(0.99, 1.0);
        assertThat(spectrum.points().getLast().frequencyHz()).isBetween(999.9, 1000.1);
        // 18 mOhm ohmic plus the arc: real part falls with frequency, capacitive mid band.
        assertThat(spectrum.points().getFirst().realOhm())
                .isGreaterThan(spectrum.points().getLast().realOhm());
        assertThat(spectrum.points().get(10).imagOhm()).isNegative();
        // The low frequencies dominate: a 2048-point DFT at 312.5 Hz takes 6.6 s per path at 1 Hz.
        assertThat(spectrum.finishedAt()).isAfter(spectrum.startedAt().plusSeconds(30));
    }

    @Test
    void theSignalChainsGainAndPhaseCancelInTheRcalRatio() throws Exception {
        SweepPlan plan = SweepPlan.logSpaced(1, 1000, 7);
        Ad5941 chip = driver();
        chip.initialise();
        ImpedanceSpectrum reference = chip.sweep(plan);

        emulator.setSignalChain(new SignalChain(80, 1.1, 300));
        ImpedanceSpectrum skewed = chip.sweep(plan);

        for (int i = 0; i < plan.frequenciesHz().size(); i++) {
            ImpedancePoint a = reference.points().get(i);
            ImpedancePoint b = skewed.points().get(i);
            double rawCellRatio = b.cell().phasor().abs() / a.cell().phasor().abs();
            assertThat(rawCellRatio)
                    .as("raw cell DFT changed at %s Hz", a.frequencyHz())
                    .isLessThan(0.5);
            assertThat(Math.hypot(a.realOhm() - b.realOhm(), a.imagOhm() - b.imagOhm()))
                    .as("impedance unchanged at %s Hz", a.frequencyHz())
                    .isLessThan(0.002 * a.magnitudeOhm());
        }
    }

    /** Ageing: a larger charge-transfer resistance widens the mid-band arc, the ohmic end stays put. */
    @Test
    void anAgedCellShowsItsWiderChargeTransferArc() throws Exception {
        SweepPlan plan = SweepPlan.logSpaced(1, 5000, 12);
        Ad5941 chip = driver();
        chip.initialise();
        ImpedanceSpectrum fresh = chip.sweep(plan);

        emulator.setCell(CellImpedanceModel.TYPICAL_18650.withChargeTransferOhm(0.018));
        ImpedanceSpectrum aged = chip.sweep(plan);

        // 1 Hz sits below the charge-transfer arc: it shows all of the 6 mOhm added.
        assertThat(aged.points().getFirst().realOhm()
                        - fresh.points().getFirst().realOhm())
                .isBetween(0.0055, 0.0062);
        assertThat(aged.points().getLast().realOhm() - fresh.points().getLast().realOhm())
                .isLessThan(0.0002);
    }

    /** Paced, a sweep spans wall time (so it spans control ticks) and an interrupt ends it. */
    @Test
    void aPacedSweepTakesWallTimeAndAnInterruptStopsIt() throws Exception {
        PacedSweepClock paced = new PacedSweepClock(clock, 100);
        EmulatedBusPlatform platform = new EmulatedBusPlatform().attach(0, 1, emulator);
        Ad5941 chip = new Ad5941(platform.spi(0, 1, SpiMode.MODE_0, 1_000_000), BatteryBoard.EVAL_AD5941BATZ, paced);
        chip.initialise();
        SweepPlan plan = SweepPlan.logSpaced(10, 1000, 5);
        long start = System.nanoTime();
        ImpedanceSpectrum spectrum = chip.sweep(plan);
        double wallS = (System.nanoTime() - start) / 1e9;
        double virtualS =
                Duration.between(spectrum.startedAt(), spectrum.finishedAt()).toNanos() / 1e9;
        assertThat(wallS).isBetween(virtualS / 100, virtualS / 100 + 1.0);

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> chip.sweep(plan)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void wrongIdIsABusException() throws Exception {
        emulator.setFault(Ad5941Fault.WRONG_ID);
        Ad5941 chip = driver();

        assertThatThrownBy(chip::initialise)
                .isInstanceOf(BusException.class)
                .hasMessageContaining("spi-0.1")
                .hasMessageContaining("ADIID 0x4100");
    }

    @Test
    void noAnswerIsABusException() throws Exception {
        emulator.setFault(Ad5941Fault.NO_ANSWER);
        Ad5941 chip = driver();

        assertThatThrownBy(chip::initialise).isInstanceOf(BusException.class).hasMessageContaining("ADIID 0xFFFF");
    }

    @Test
    void aChipThatStopsAnsweringDuringASweepIsABusException() throws Exception {
        Ad5941 chip = driver();
        chip.initialise();
        emulator.setFault(Ad5941Fault.NO_ANSWER);

        assertThatThrownBy(() -> chip.sweep(SweepPlan.logSpaced(100, 1000, 2))).isInstanceOf(BusException.class);
    }

    @Test
    void dftNeverReadyIsABusExceptionOnTheVirtualClock() throws Exception {
        Ad5941 chip = driver();
        chip.initialise();
        emulator.setFault(Ad5941Fault.DFT_NEVER_READY);

        assertThatThrownBy(() -> chip.sweep(SweepPlan.logSpaced(100, 1000, 2)))
                .isInstanceOf(BusException.class)
                .hasMessageContaining("DFT not ready");
    }

    @Test
    void anOpenExcitationLoopIsAPerPointFault() throws Exception {
        emulator.setNoiseCodes(2);
        emulator.setFault(Ad5941Fault.OPEN_EXCITATION);
        Ad5941 chip = driver();
        chip.initialise();

        ImpedanceSpectrum spectrum = chip.sweep(SweepPlan.logSpaced(10, 1000, 3));

        assertThat(spectrum.points()).allSatisfy(point -> {
            assertThat(point.fault()).isEqualTo(ImpedanceFault.NO_EXCITATION);
            assertThat(point.realOhm()).isNaN();
        });
    }

    @Test
    void anRcalThatClipsTheAdcIsReportedAsClipped() throws Exception {
        emulator.setRcalOhm(1.0); // 20x the board's RCAL: 200 000 codes, past the 18-bit range
        Ad5941 chip = driver();
        chip.initialise();

        ImpedancePoint point =
                chip.sweep(new SweepPlan(List.of(100.0))).points().getFirst();

        assertThat(point.fault()).isEqualTo(ImpedanceFault.CLIPPED);
    }

    @Test
    void framesOfTheWrongWidthAreIgnoredAndCounted() {
        emulator.transfer(new byte[] {0x20, 0x20, 0x30}, new byte[3]);
        emulator.transfer(new byte[] {0x2D, 0x12, 0x34}, new byte[3]); // 16 bits to a 32-bit register
        byte[] reply = new byte[6];
        emulator.transfer(new byte[] {0x6D, 0, 0, 0, 0, 0}, reply);

        assertThat(emulator.framingErrors()).isEqualTo(1);
        assertThat(reply).containsExactly(0, 0, 0, 0, 0, 0);

        emulator.transfer(new byte[] {0x20, 0x04, 0x00}, new byte[3]);
        byte[] id = new byte[4];
        emulator.transfer(new byte[] {0x6D, 0, 0, 0}, id);
        assertThat(id).containsExactly(0, 0, 0x41, 0x44);
    }
}
