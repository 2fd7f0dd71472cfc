package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.healbms.core.pack.Contactor;
import org.healbms.core.pack.PackState;
import org.healbms.core.protection.FaultId;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.canbms.BmsCanDecoder;
import org.healbms.drivers.canbms.BmsCanMessage;
import org.healbms.drivers.platform.BoardPlatform;
import org.healbms.drivers.platform.ModelledContactors;
import org.healbms.drivers.platform.PlatformSettings;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.sim.board.EmulatedContactors;
import org.healbms.sim.device.can.EmulatedCanBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed through CAN on the emulated board (issue 17), on the virtual clock: the trace's
 * current is what the load or charger wants, the inverter emulator on the bus delivers it within the
 * limits the firmware sends (0.3 s lag), and the firmware measures that current on its INA228. Each
 * bench has an interface of its own, so the tests do not hear each other.
 */
class CanLoopTest {

    /** Within this of a limit, a current has followed it (the INA228's resolution is far finer). */
    private static final double FOLLOWED_A = 0.02;

    @TempDir
    Path dir;

    private final BmsCanDecoder decoder = new BmsCanDecoder();

    /** The current the firmware measured on its shunt (INA228) in the last tick. */
    private static double measuredCurrentA(Firmware f) {
        return f.snapshot().readings().stream()
                .filter(r -> r.channel().equals("pack current"))
                .mapToDouble(TelemetrySnapshot.Reading::value)
                .findFirst()
                .orElseThrow();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static List<CanFrame> drain(CanBus node) throws Exception {
        List<CanFrame> out = new ArrayList<>();
        for (CanFrame f = node.receive(Duration.ZERO); f != null; f = node.receive(Duration.ZERO)) {
            out.add(f);
        }
        return out;
    }

    /**
     * A 1 A charge at 25 degC, then the pack's thermistors read 2 degC (a cold night): the charge
     * window's ramp (0 A at 0 degC, full at 5 degC) cuts the limit to 0.4 of 1.45 A. The cut goes out
     * at once on 0x351, and the current the inverter delivers, measured by the firmware, is down to it
     * within 2 s.
     */
    @Test
    void aColdPackCutsTheChargeLimitAndTheInverterCurrentFollowsWithinTwoSeconds() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .can("loop-cold", "victron")
                .plant(0, 3.70, 1.0, 25)
                .plant(40, 3.70, 1.0, 2)
                .plant(120, 3.70, 1.0, 2);
        try (CanBus listener = EmulatedCanBus.named("loop-cold").node();
                VirtualRun run = bench.start()) {
            Firmware f = run.firmware();
            run.runUntil(Duration.ofSeconds(39));
            assertThat(f.state()).isEqualTo(PackState.NORMAL);
            assertThat(f.limits().chargeA()).as("warm: the datasheet's 1.45 A").isCloseTo(1.45, within(1e-9));
            assertThat(measuredCurrentA(f))
                    .as("warm: the inverter gives the charger's 1 A")
                    .isCloseTo(1.0, within(0.01));
            drain(listener);

            double cutAt = Double.NaN;
            double cutToA = Double.NaN;
            double followedAt = Double.NaN;
            while (run.elapsed().compareTo(Duration.ofSeconds(50)) < 0) {
                run.tick();
                double t = seconds(run.elapsed());
                if (Double.isNaN(cutAt) && f.limits().chargeA() < 1.0) {
                    cutAt = t;
                    cutToA = f.limits().chargeA();
                    // The cut is on the bus in the tick it is made, not at the next second.
                    BmsCanMessage.Limits sent = drain(listener).stream()
                            .filter(c -> c.id() == 0x351)
                            .map(c -> (BmsCanMessage.Limits) decoder.decode(c))
                            .reduce((a, b) -> b)
                            .orElseThrow();
                    assertThat(sent.chargeCurrentLimitA()).isCloseTo(cutToA, within(0.1));
                }
                if (!Double.isNaN(cutAt) && Double.isNaN(followedAt) && measuredCurrentA(f) <= cutToA + FOLLOWED_A) {
                    followedAt = t;
                }
            }
            assertThat(cutAt).as("the cold reading cut the charge limit").isBetween(40.0, 42.0);
            assertThat(cutToA).as("2 degC: 0.4 of 1.45 A").isCloseTo(0.58, within(0.01));
            assertThat(followedAt - cutAt)
                    .as("the inverter's current, as the firmware measures it, follows the cut")
                    .isLessThan(2.0)
                    .isPositive();
            // 0x351 carries the limit rounded down to 0.1 A (docs/can.md), which the inverter holds to.
            assertThat(measuredCurrentA(f)).isCloseTo(0.5, within(0.01));
        }
    }

    /**
     * CELL_OVERVOLTAGE at 20 s while the inverter delivers a 2 A discharge: when the state machine
     * opens the first main contactor, the inverter has already been sent both current limits 0 and
     * charge and discharge disabled (0x351, 0x35C), and from then on no current flows.
     */
    @Test
    void onAFaultTheLimitsAreZeroBeforeTheContactsOpenAndTheCurrentStops() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .can("loop-fault", "victron")
                .plant(0, 3.62, -2.0, 25)
                .plant(20, 4.25, -2.0, 25)
                .plant(120, 4.25, -2.0, 25);
        FirmwareSetup setup = bench.setup();
        List<CanFrame> heardBeforeOpening = new ArrayList<>();
        try (CanBus listener = EmulatedCanBus.named("loop-fault").node()) {
            VirtualClock clock = new VirtualClock(VirtualBench.START);
            BoardPlatform emulated =
                    BoardPlatform.open(setup.board(), new PlatformSettings(setup.plant(), true, clock));
            BoardPlatform watched = watchingTheContacts(emulated, () -> {
                if (heardBeforeOpening.isEmpty()) {
                    heardBeforeOpening.addAll(drain(listener));
                }
            });
            try (VirtualRun run = new VirtualRun(setup, watched, clock, bench.logWriter())) {
                Firmware f = run.firmware();
                run.runUntil(Duration.ofSeconds(19));
                assertThat(f.state()).isEqualTo(PackState.NORMAL);
                assertThat(measuredCurrentA(f))
                        .as("the inverter delivers the load's 2 A")
                        .isCloseTo(-2.0, within(0.01));
                drain(listener);
                heardBeforeOpening.clear();
                while (f.state() != PackState.FAULT && run.elapsed().compareTo(Duration.ofSeconds(25)) < 0) {
                    run.tick();
                }
                assertThat(f.activeFaults()).containsKey(FaultId.CELL_OVERVOLTAGE);
                assertThat(heardBeforeOpening)
                        .as("frames on the bus when the contacts opened")
                        .isNotEmpty();
                BmsCanMessage.Limits limits = last(heardBeforeOpening, 0x351, BmsCanMessage.Limits.class);
                assertThat(limits.chargeCurrentLimitA()).isZero();
                assertThat(limits.dischargeCurrentLimitA()).isZero();
                BmsCanMessage.Requests requests = last(heardBeforeOpening, 0x35C, BmsCanMessage.Requests.class);
                assertThat(requests.chargeEnable()).isFalse();
                assertThat(requests.dischargeEnable()).isFalse();
                double faultAt = seconds(run.elapsed());
                while (seconds(run.elapsed()) < faultAt + 5) {
                    run.tick();
                    if (seconds(run.elapsed()) > faultAt + 0.2) {
                        assertThat(measuredCurrentA(f))
                                .as("at %s", run.elapsed())
                                .isCloseTo(0.0, within(0.005));
                    }
                }
            }
        }
    }

    /**
     * The same fault with both main contactors welded shut (their contacts fused; this bench has no
     * auxiliary contacts to tell): opening them breaks nothing, so only the limits can stop the
     * current, and they do: the inverter's current is gone within 2 s.
     */
    @Test
    void withTheContactsWeldedTheZeroLimitsAloneStopTheCurrentWithinTwoSeconds() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .withoutContactorFeedback()
                .can("loop-weld", "victron")
                .plant(0, 3.62, -2.0, 25)
                .plant(20, 4.25, -2.0, 25)
                .plant(120, 4.25, -2.0, 25);
        FirmwareSetup setup = bench.setup();
        VirtualClock clock = new VirtualClock(VirtualBench.START);
        BoardPlatform emulated = BoardPlatform.open(setup.board(), new PlatformSettings(setup.plant(), true, clock));
        EmulatedContactors contacts = (EmulatedContactors) emulated.contactors().orElseThrow();
        contacts.fail(Contactor.MAIN_NEGATIVE, EmulatedContactors.Failure.WELDED);
        contacts.fail(Contactor.MAIN_POSITIVE, EmulatedContactors.Failure.WELDED);
        try (VirtualRun run = new VirtualRun(setup, emulated, clock, bench.logWriter())) {
            Firmware f = run.firmware();
            run.runUntil(Duration.ofSeconds(19));
            assertThat(measuredCurrentA(f)).isCloseTo(-2.0, within(0.01));
            while (f.state() != PackState.FAULT && run.elapsed().compareTo(Duration.ofSeconds(25)) < 0) {
                run.tick();
            }
            assertThat(f.state()).isEqualTo(PackState.FAULT);
            assertThat(contacts.conducting()).as("welded: still conducting").isTrue();
            double faultAt = seconds(run.elapsed());
            double stoppedAt = Double.NaN;
            while (seconds(run.elapsed()) < faultAt + 5) {
                run.tick();
                if (Double.isNaN(stoppedAt) && Math.abs(measuredCurrentA(f)) < FOLLOWED_A) {
                    stoppedAt = seconds(run.elapsed());
                }
            }
            assertThat(stoppedAt - faultAt).isLessThan(2.0);
            assertThat(measuredCurrentA(f)).isCloseTo(0.0, within(0.005));
        }
    }

    /** A bench charging at 1 A at 25 degC for two minutes, with {@code action} fired once the current is up. */
    private VirtualBench charging(String iface, String action) {
        return new VirtualBench(dir)
                .can(iface, "victron")
                .plant(0, 3.70, 1.0, 25)
                .plant(300, 3.70, 1.0, 25)
                .rules("""
                        format: healbms-rules
                        format_version: 1
                        name: healing-through-the-charger
                        rules:
                          - id: ask-the-charger
                            description: a healing action that acts through the charger
                            when: current > 0.9
                            for_s: 0
                            action: %s
                            cooldown_s: 3600
                            max_doses: 1
                        """.formatted(action));
    }

    /**
     * Ticks until the charge limit falls (at 25 degC the state of power only rises, so a fall is the
     * healing action taking effect), then returns the seconds the measured current took to come down
     * to {@code limitA}.
     */
    private static double secondsToFollow(VirtualRun run, double limitA) throws Exception {
        Firmware f = run.firmware();
        double before = 0;
        run.tick();
        while (f.limits().chargeA() >= before - 0.05) {
            assertThat(run.elapsed()).as("the rule never fired").isLessThan(Duration.ofSeconds(60));
            before = f.limits().chargeA();
            run.tick();
        }
        double cutAt = seconds(run.elapsed());
        while (measuredCurrentA(f) > limitA + FOLLOWED_A) {
            assertThat(seconds(run.elapsed()) - cutAt)
                    .as("the current did not follow")
                    .isLessThan(10.0);
            run.tick();
        }
        return seconds(run.elapsed()) - cutAt;
    }

    /**
     * A derating rule (charge to 0.3 of the limits for 20 s) reaches the charger as CCL: 0.3 of 1.45 A,
     * 0.4 A on the wire, and the charger's current comes down to it within 2 s, then back to its 1 A
     * once the derating is over.
     */
    @Test
    void aHealingDeratingChangesWhatTheChargerDelivers() throws Exception {
        VirtualBench bench = charging(
                "heal-derate", "{type: derate, charge_fraction: 0.3, discharge_fraction: 1.0, duration_s: 20}");
        try (VirtualRun run = bench.start()) {
            Firmware f = run.firmware();
            assertThat(secondsToFollow(run, 0.4)).isLessThan(2.0);
            assertThat(f.healing().chargeDerate(run.elapsed().toNanos())).isEqualTo(0.3);
            run.runUntil(run.elapsed().plusSeconds(5));
            assertThat(measuredCurrentA(f)).isCloseTo(0.4, within(0.01));
            run.runUntil(run.elapsed().plusSeconds(20));
            assertThat(measuredCurrentA(f)).as("the derating is over").isCloseTo(1.0, within(0.01));
        }
        assertThat(Files.readString(bench.stateDir().resolve("audit.log"))).contains("rule ask-the-charger fired");
    }

    /** A rest (no current for 60 s) goes out as both limits 0: the charger stops within 2 s and resumes after. */
    @Test
    void aHealingRestStopsTheChargerAndItResumesAfter() throws Exception {
        VirtualBench bench = charging("heal-rest", "{type: rest, duration_s: 60}");
        try (VirtualRun run = bench.start()) {
            Firmware f = run.firmware();
            assertThat(secondsToFollow(run, 0.0)).isLessThan(2.0);
            assertThat(f.limits().dischargeA()).isZero();
            run.runUntil(run.elapsed().plusSeconds(55));
            assertThat(measuredCurrentA(f)).isCloseTo(0.0, within(0.005));
            run.runUntil(run.elapsed().plusSeconds(10));
            assertThat(measuredCurrentA(f)).as("the rest is over").isCloseTo(1.0, within(0.01));
        }
        assertThat(Files.readString(bench.stateDir().resolve("audit.log"))).contains("rest for cell");
    }

    /**
     * A pulse protocol (3 pulses of 0.1 C for 3 s, 3 s apart) goes out as the charge limit over time:
     * the charger, which wants 1 A, delivers pulses of 0.1 C (0.3 A: 0.1 of the estimated 3.0 Ah, rounded
     * down to 0.1 A on the wire), nothing between them, and its 1 A again after the train. The other
     * cells' firings wait: the pack has one charger.
     */
    @Test
    void aHealingPulseProtocolPulsesWhatTheChargerDelivers() throws Exception {
        VirtualBench bench =
                charging("heal-pulse", "{type: pulse_protocol, pulses: 3, amplitude_c: 0.1, width_s: 3, rest_s: 3}");
        try (VirtualRun run = bench.start()) {
            Firmware f = run.firmware();
            double followedS = secondsToFollow(run, 0.3);
            assertThat(followedS).isLessThan(2.0);
            // The train started at the tick the limit fell: look in the middle of each window.
            double startS = seconds(run.elapsed()) - followedS;
            for (int k = 0; k < 3; k++) {
                run.runUntil(Duration.ofMillis(Math.round((startS + 6 * k + 2.5) * 1000)));
                assertThat(measuredCurrentA(f)).as("pulse %d", k + 1).isBetween(0.1, 0.3);
                run.runUntil(Duration.ofMillis(Math.round((startS + 6 * k + 5.5) * 1000)));
                assertThat(measuredCurrentA(f)).as("after pulse %d", k + 1).isCloseTo(0.0, within(FOLLOWED_A));
            }
            run.runUntil(Duration.ofMillis(Math.round((startS + 18 + 3) * 1000)));
            assertThat(measuredCurrentA(f)).as("the train is over").isCloseTo(1.0, within(0.01));
        }
        assertThat(Files.readString(bench.stateDir().resolve("audit.log")))
                .contains(
                        "pulse protocol for cell 1 started through the charge limit: 3 pulses of 0.30 A",
                        "a pulse protocol for cell 1 is under way",
                        "pulse protocol for cell 1 done");
    }

    private <T extends BmsCanMessage> T last(List<CanFrame> frames, int id, Class<T> type) {
        return frames.stream()
                .filter(c -> c.id() == id)
                .map(c -> type.cast(decoder.decode(c)))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no 0x%03X among %s".formatted(id, frames)));
    }

    /** What the test does when the state machine opens a main contactor of a pack that was conducting. */
    @FunctionalInterface
    private interface OnOpening {
        void run() throws Exception;
    }

    /** The platform, its contactors watched: {@code onOpening} runs just before a main contactor opens. */
    private static BoardPlatform watchingTheContacts(BoardPlatform platform, OnOpening onOpening) {
        ModelledContactors contacts = platform.contactors().orElseThrow();
        ModelledContactors watched = new ModelledContactors() {
            private boolean mainsClosed;

            @Override
            public void set(boolean mainNegative, boolean precharge, boolean mainPositive) {
                if (mainsClosed && !(mainNegative && mainPositive)) {
                    try {
                        onOpening.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                mainsClosed = mainNegative && mainPositive;
                contacts.set(mainNegative, precharge, mainPositive);
            }

            @Override
            public double linkVoltage(double packV, long nowNanos) {
                return contacts.linkVoltage(packV, nowNanos);
            }
        };
        return new BoardPlatform() {
            @Override
            public BusPlatform buses() {
                return platform.buses();
            }

            @Override
            public void advanceTo(double elapsedS) {
                platform.advanceTo(elapsedS);
            }

            @Override
            public Optional<ModelledContactors> contactors() {
                return Optional.of(watched);
            }

            @Override
            public SweepClock sweepClock() {
                return platform.sweepClock();
            }

            @Override
            public void close() throws Exception {
                platform.close();
            }
        };
    }
}
