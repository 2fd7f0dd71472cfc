package org.healbms.firmware.eis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.healbms.core.impedance.ImpedanceRecord;
import org.healbms.core.reading.MonotonicClock;
import org.healbms.core.signature.SignatureKind;
import org.healbms.drivers.ad5941.Ad5941;
import org.healbms.drivers.ad5941.BatteryBoard;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.ad5941.SweepPlan;
import org.healbms.drivers.bus.SpiMode;
import org.healbms.firmware.persist.SlotStore;
import org.healbms.io.firmware.SweepPolicy;
import org.healbms.sim.device.EmulatedBusPlatform;
import org.healbms.sim.device.ad5941.Ad5941Emulator;
import org.healbms.sim.device.ad5941.CellImpedanceModel;
import org.healbms.sim.device.ad5941.VirtualSweepClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control loop's side of impedance tracking against the real AD5941 driver and the emulated
 * AD5941 on the emulated bus, swept and fitted on the sweep thread; the test plays the control loop,
 * one tick per call with its own monotonic time.
 */
class ImpedanceTrackerTest {

    private static final long TICK = 100_000_000L;
    private static final double REST_A = 0.058; // C/50 of a 2.9 Ah cell
    /** The firmware's plan. */
    private static final SweepPlan PLAN = SweepPlan.logSpaced(1, 5000, 24);
    /** Who asks for a sweep over CoAP, as the firmware describes them. */
    private static final String BENCH = "requested by identity bench from 127.0.0.1:40000";

    @TempDir
    Path dir;

    private final VirtualSweepClock virtual = new VirtualSweepClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Ad5941Emulator emulator = new Ad5941Emulator("spi-0.2", virtual::nanoTime, 7);
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    /** Closed: the sweep's first sleep waits here until opened (or interrupted), so a test can act mid-sweep. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private ImpedanceTracker tracker;
    private long now = 1_000_000_000_000L;

    /** The emulator's virtual time, with a gate a test can close to hold a sweep in progress. */
    private final SweepClock clock = new SweepClock() {
        @Override
        public Instant now() {
            return virtual.now();
        }

        @Override
        public long nanoTime() {
            return virtual.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            gate.await();
            virtual.sleep(duration);
        }
    };

    @BeforeEach
    void emulator() {
        emulator.setNoiseCodes(2);
    }

    private ImpedanceTracker tracker(SweepPolicy policy) throws Exception {
        EmulatedBusPlatform platform = new EmulatedBusPlatform().attach(0, 2, emulator);
        SweepWorker worker = new SweepWorker(
                Map.of(1, () -> {
                    Ad5941 afe = new Ad5941(
                            platform.spi(0, 2, SpiMode.MODE_0, 1_000_000), BatteryBoard.EVAL_AD5941BATZ, clock);
                    afe.initialise();
                    return afe;
                }),
                PLAN,
                MonotonicClock.SYSTEM,
                Clock.systemUTC());
        tracker = new ImpedanceTracker(
                worker,
                policy,
                REST_A,
                new ImpedanceHistoryStore(dir, Clock.systemUTC()),
                audit::add,
                warnings::add,
                now);
        return tracker;
    }

    @AfterEach
    void close() throws Exception {
        gate.countDown();
        if (tracker != null) {
            tracker.close();
        }
    }

    private static SweepPolicy policy(double intervalS, double restS, double maxFitError) {
        return new SweepPolicy(
                Duration.ofMillis((long) (intervalS * 1000)), Duration.ofMillis((long) (restS * 1000)), maxFitError);
    }

    private void tick(double currentA, boolean fault) {
        now += TICK;
        tracker.tick(now, currentA, fault, new double[] {0.8}, new double[] {25.0});
    }

    /** Ticks (as the control loop would, 100 ms apart in its time) until the condition holds. */
    private void tickUntil(double currentA, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out; audit: %s", audit).isLessThan(deadline);
            tick(currentA, false);
            Thread.sleep(5);
        }
    }

    private boolean audited(String text) {
        return audit.stream().anyMatch(a -> a.contains(text));
    }

    private int recorded() {
        return tracker.history(1).size();
    }

    @Test
    void aScheduledSweepAtRestIsFittedAndRecordedWithTheEmulatorsChargeTransfer() throws Exception {
        tracker(policy(3600, 1, 0.03));
        tickUntil(0.0, () -> recorded() == 1);
        ImpedanceRecord r = tracker.history(1).latest().orElseThrow();
        // The emulated cell: R0 18 mOhm, R_ct 12 mOhm (and a 3 mOhm SEI arc the fit must not take for either).
        assertThat(r.chargeTransferOhm()).isCloseTo(0.012, within(0.012 * 0.03));
        assertThat(r.ohmicOhm()).isCloseTo(0.018, within(0.018 * 0.03));
        assertThat(r.fitError()).isLessThan(0.01);
        assertThat(r.soc()).isEqualTo(0.8);
        assertThat(r.temperatureDegC()).isEqualTo(25.0);
        assertThat(audit.getFirst()).isEqualTo("EIS sweep of cell 1 started (scheduled)");
        assertThat(audit.get(1)).startsWith("EIS cell 1 (scheduled): R_ohmic").endsWith("a new baseline");
        // The interval holds: an hour of control-loop time later nothing more was started.
        for (int k = 0; k < 100; k++) {
            tick(0.0, false);
        }
        assertThat(audit).hasSize(2);
    }

    @Test
    void noSweepWhileCurrentFlowsNorBeforeTheRestTimeHasPassed() throws Exception {
        tracker(policy(3600, 60, 0.03));
        for (int k = 0; k < 50; k++) {
            tick(-1.2, false);
        }
        SweepAnswer answer = tracker.request(1, BENCH, now);
        assertThat(answer.status()).isEqualTo(SweepAnswer.Status.NOT_AT_REST);
        assertThat(answer.message())
                .isEqualTo("cell 1 is not at rest: the pack current is -1.200 A; a sweep needs the pack "
                        + "current below 0.058 A for 60 s");
        for (int k = 0; k < 100; k++) {
            tick(0.01, false); // 10 s of rest: not yet 60
        }
        assertThat(tracker.request(1, BENCH, now).message()).contains("it has rested 10 s");
        tick(Double.NaN, false); // a current nobody measured is not rest
        assertThat(tracker.request(1, BENCH, now).message()).contains("the pack current is not measured");
        assertThat(tracker.request(2, BENCH, now).status()).isEqualTo(SweepAnswer.Status.NO_FRONT_END);
        assertThat(audit).noneMatch(a -> a.contains("started"));
        assertThat(audit)
                .anyMatch(a -> a.startsWith("EIS sweep of cell 1 refused (" + BENCH + "): cell 1 is not at rest"));
    }

    @Test
    void aSweepIsAbortedAndDiscardedWhenCurrentStarts() throws Exception {
        tracker(policy(0, 1, 0.03));
        for (int k = 0; k < 20; k++) {
            tick(0.0, false);
        }
        gate = new CountDownLatch(1);
        assertThat(tracker.request(1, BENCH, now).status()).isEqualTo(SweepAnswer.Status.STARTED);
        assertThat(tracker.request(1, BENCH, now).status()).isEqualTo(SweepAnswer.Status.BUSY);
        assertThat(tracker.sweeping(1)).isTrue();
        // Who asked is in the audit log, for the sweep that started and for the one refused.
        assertThat(audit).contains("EIS sweep of cell 1 started (" + BENCH + ")");
        assertThat(audit)
                .anyMatch(a -> a.startsWith("EIS sweep of cell 1 refused (" + BENCH + "): cell 1 is being swept"));
        tick(2.5, false); // charging starts mid-sweep
        tickUntil(2.5, () -> audited("discarded"));
        assertThat(audit).contains("EIS sweep of cell 1 discarded: the pack left rest (current 2.500 A)");
        assertThat(recorded()).isZero();
        assertThat(tracker.sweeping(1)).isFalse();
    }

    @Test
    void aProtectionFaultWinsOverASweep() throws Exception {
        tracker(policy(0, 1, 0.03));
        for (int k = 0; k < 20; k++) {
            tick(0.0, false);
        }
        gate = new CountDownLatch(1);
        assertThat(tracker.request(1, BENCH, now).status()).isEqualTo(SweepAnswer.Status.STARTED);
        tick(0.0, true);
        assertThat(tracker.request(1, BENCH, now).status()).isEqualTo(SweepAnswer.Status.PROTECTION_FAULT);
        tickUntil(0.0, () -> audited("discarded"));
        assertThat(audit).contains("EIS sweep of cell 1 discarded: a protection fault is active");
        assertThat(recorded()).isZero();
    }

    @Test
    void aFitAboveTheErrorLimitIsRefused() throws Exception {
        tracker(policy(0, 1, 0.0001));
        for (int k = 0; k < 20; k++) {
            tick(0.0, false);
        }
        tracker.request(1, BENCH, now);
        tickUntil(0.0, () -> audited("refused"));
        assertThat(audit.getLast())
                .startsWith("EIS fit of cell 1 refused: RMS error")
                .contains("above the 0.01 % limit");
        assertThat(recorded()).isZero();
    }

    @Test
    void theHistorySurvivesARestartAndADamagedNewestSlotFallsBackToThePrevious() throws Exception {
        tracker(policy(0, 1, 0.03));
        for (int sweep = 1; sweep <= 2; sweep++) {
            for (int k = 0; k < 20; k++) {
                tick(0.0, false);
            }
            tracker.request(1, BENCH, now);
            int expected = sweep;
            tickUntil(0.0, () -> recorded() == expected);
        }
        ImpedanceRecord second = tracker.history(1).latest().orElseThrow();
        tracker.close();

        tracker(policy(0, 1, 0.03));
        assertThat(tracker.history(1).size()).isEqualTo(2);
        assertThat(tracker.history(1).latest()).contains(second);
        assertThat(warnings).isEmpty();
        tracker.close();

        Path newest = dir.resolve("impedance.b");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(newest, bytes);
        tracker(policy(0, 1, 0.03));
        assertThat(tracker.history(1).size()).isEqualTo(1);
        assertThat(warnings)
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .contains("impedance.b")
                        .contains("fails its CRC-32C")
                        .contains("using the other slot"));
        tracker.close();

        Files.writeString(dir.resolve("impedance.a"), "garbage\n");
        warnings.clear();
        tracker(policy(0, 1, 0.03));
        assertThat(tracker.history(1).size()).isZero();
        assertThat(warnings)
                .singleElement()
                .satisfies(w -> assertThat(w).contains("no usable state record").contains("starting afresh"));
        assertThat(dir.resolve("impedance.a.damaged")).exists();
        tracker.close();

        // A record whose checksum holds but whose content is not a history: kept aside, not guessed at.
        new SlotStore(dir, "impedance").save("{\"format\": \"healbms-state\"}".getBytes());
        warnings.clear();
        tracker(policy(0, 1, 0.03));
        assertThat(tracker.history(1).size()).isZero();
        assertThat(warnings)
                .singleElement()
                .satisfies(w ->
                        assertThat(w).contains("not a healbms-impedance record").contains("kept as impedance."));
        try (var aside = Files.list(dir)) {
            assertThat(aside.filter(p -> p.getFileName().toString().endsWith(".unreadable.json")))
                    .singleElement()
                    .satisfies(p -> assertThat(Files.readString(p)).isEqualTo("{\"format\": \"healbms-state\"}"));
        }
    }

    /**
     * Ageing in the emulator: R_ct from 12 to 16 mOhm after five sweeps. Noise-only sweeps never fire
     * the signature; after the step it fires on the third sweep, and a restart keeps it.
     */
    @Test
    void impedanceGrowthFiresAfterItsPersistenceOnAStepInChargeTransfer() throws Exception {
        tracker(policy(0, 1, 0.03));
        for (int sweep = 1; sweep <= 8; sweep++) {
            if (sweep == 6) {
                emulator.setCell(CellImpedanceModel.TYPICAL_18650.withChargeTransferOhm(0.016));
            }
            for (int k = 0; k < 20; k++) {
                tick(0.0, false);
            }
            assertThat(tracker.request(1, BENCH, now).status()).isEqualTo(SweepAnswer.Status.STARTED);
            int expected = sweep;
            tickUntil(0.0, () -> recorded() == expected);
            assertThat(tracker.signatures()).as("after sweep %d", sweep).hasSize(sweep < 8 ? 0 : 1);
        }
        var s = tracker.signatures().getFirst();
        assertThat(s.kind()).isEqualTo(SignatureKind.IMPEDANCE_GROWTH);
        assertThat(s.cell()).isEqualTo(1);
        assertThat(s.severity()).isBetween(0.30, 0.37); // +33 %, full severity at +100 %
        assertThat(s.evidence()).contains("x its baseline 1");
        tracker.close();

        tracker(policy(0, 1, 0.03));
        assertThat(tracker.signatures())
                .singleElement()
                .satisfies(r -> assertThat(r.severity()).isEqualTo(s.severity()));
    }

    /**
     * A healing action is judged again by the next sweep at rest, even when sweeps are on request
     * only: the binder lowered R_ct from 12 to 9 mOhm, so the rule scores improved; a second action
     * that changed nothing scores unchanged.
     */
    @Test
    void aHealingActionIsJudgedByTheNextSweepAtRest() throws Exception {
        tracker(policy(0, 1, 0.03));
        List<String> verdicts = new CopyOnWriteArrayList<>();
        tracker.onVerdict((ruleId, cell, outcome) -> verdicts.add(ruleId + " " + cell + " " + outcome));
        tracker.judgeHealing(1, "heal");
        assertThat(audit).contains("healing of cell 1 by rule heal: no EIS sweep before it, so EIS cannot judge it");

        for (int k = 0; k < 20; k++) {
            tick(0.0, false);
        }
        assertThat(tracker.request(1, BENCH, now).status()).isEqualTo(SweepAnswer.Status.STARTED);
        tickUntil(0.0, () -> recorded() == 1);

        emulator.setCell(CellImpedanceModel.TYPICAL_18650.withChargeTransferOhm(0.009));
        tracker.judgeHealing(1, "heal");
        tickUntil(0.0, () -> verdicts.size() == 1);
        assertThat(verdicts).containsExactly("heal 1 IMPROVED");
        assertThat(audit).anySatisfy(a -> assertThat(a).startsWith("EIS sweep of cell 1 started (after healing)"));
        assertThat(audit)
                .anySatisfy(
                        a -> assertThat(a)
                                .matches(
                                        "healing of cell 1 by rule heal judged by EIS: R_ct 1[12]\\.\\d\\d -> [89]\\.\\d\\d mOhm \\(0\\.7\\d x.*: IMPROVED"));

        tracker.judgeHealing(1, "heal-again");
        tickUntil(0.0, () -> verdicts.size() == 2);
        assertThat(verdicts.get(1)).isEqualTo("heal-again 1 UNCHANGED");
        // Nothing pending: no further sweep is started on its own.
        int sweeps = recorded();
        for (int k = 0; k < 100; k++) {
            tick(0.0, false);
        }
        assertThat(recorded()).isEqualTo(sweeps);
    }
}
