package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.StateTransition;
import org.healbms.core.protection.FaultId;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.firmware.persist.SlotStore;
import org.healbms.firmware.telemetry.CommandRefused;
import org.healbms.firmware.telemetry.Requester;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole firmware (emulated chips, acquisition, protection, state machine, estimation, healing,
 * persistence) on a virtual clock, driven tick by tick through {@code AcquisitionLoop.stepTo} with
 * nothing sleeping: scripted plant inputs and commands, and what the firmware must do about them.
 */
class FirmwareTest {

    static final Requester OPERATOR = new Requester("bench", new InetSocketAddress("127.0.0.1", 40123));

    @TempDir
    Path dir;

    /** Rest at 3.62 V per cell; 20 s to 30 s at 4.25 V, above the 4.2 V limit's 4.22 V trip. */
    @Test
    void anOverVoltageTripsToFaultWithTheContactorsOpenAndStaysUntilAcknowledged() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .plant(0, 3.62, 0, 25)
                .plant(20, 4.25, 0, 25)
                .plant(30, 3.62, 0, 25)
                .plant(600, 3.62, 0, 25);
        AtomicReference<CompletableFuture<List<String>>> ack = new AtomicReference<>();
        try (VirtualRun run = bench.start()) {
            new FirmwareScript(run)
                    .expect(0, "standby, contactors open, before the first tick", f -> {
                        assertThat(f.state()).isEqualTo(PackState.STANDBY);
                        assertThat(f.snapshot()).isNull();
                    })
                    .expect(2, "run on start: precharged through the modelled DC link, then normal", f -> {
                        assertThat(moves(f.transitions())).containsExactly("STANDBY->PRECHARGE", "PRECHARGE->NORMAL");
                        assertThat(f.activeFaults()).isEmpty();
                        assertThat(f.snapshot().packState()).isEqualTo("normal");
                    })
                    .expect(
                            20.3,
                            "over the limit, but not yet for the 500 ms debounce",
                            f -> assertThat(f.state()).isEqualTo(PackState.NORMAL))
                    .expect(21, "tripped: CELL_OVERVOLTAGE opens the contactors", f -> {
                        assertThat(f.activeFaults()).containsOnlyKeys(FaultId.CELL_OVERVOLTAGE);
                        assertThat(f.state()).isEqualTo(PackState.FAULT);
                        assertThat(f.transitions().getLast().reason())
                                .isEqualTo("a fault requires the contactors open");
                        assertThat(f.limits().chargeA()).isZero();
                        assertThat(f.limits().dischargeA()).isZero();
                    })
                    .expect(40, "back below 4.15 V for 10 s: latched until somebody acknowledges it", f -> {
                        assertThat(f.activeFaults()).containsKey(FaultId.CELL_OVERVOLTAGE);
                        assertThat(f.state()).isEqualTo(PackState.FAULT);
                    })
                    .input(
                            40,
                            "acknowledge cell_overvoltage, as POST /faults/ack does",
                            f -> ack.set(f.acknowledgeFault("cell_overvoltage", OPERATOR)))
                    .expect(40, "queued: nothing happens until the next tick", f -> {
                        assertThat(ack.get()).isNotDone();
                        assertThat(f.activeFaults()).containsKey(FaultId.CELL_OVERVOLTAGE);
                    })
                    .expect(
                            40.1,
                            "the tick took it, answered, the fault cleared and the pack reset out of FAULT",
                            f -> {
                                assertThat(ack.get()).isCompletedWithValue(List.of());
                                assertThat(f.activeFaults()).isEmpty();
                                assertThat(f.state()).isNotEqualTo(PackState.FAULT);
                                assertThat(moves(f.transitions())).contains("FAULT->STANDBY");
                            })
                    .expect(43, "run on start, again: precharged and normal", f -> {
                        assertThat(f.state()).isEqualTo(PackState.NORMAL);
                        assertThat(moves(f.transitions()))
                                .endsWith("FAULT->STANDBY", "STANDBY->PRECHARGE", "PRECHARGE->NORMAL");
                    })
                    .run();
            run.stop();
            assertThat(run.firmware().state()).isEqualTo(PackState.SHUTDOWN);
        }
        assertThat(Files.readString(bench.stateDir().resolve("audit.log")))
                .contains(
                        "fault raised CELL_OVERVOLTAGE (OPEN_CONTACTORS)",
                        "state NORMAL -> FAULT",
                        "fault CELL_OVERVOLTAGE acknowledged by identity bench from 127.0.0.1:40123",
                        "fault cleared CELL_OVERVOLTAGE (OPEN_CONTACTORS): recovered and acknowledged",
                        "state FAULT -> STANDBY",
                        "state PRECHARGE -> NORMAL",
                        "state NORMAL -> SHUTDOWN");
    }

    /** Both state slots unreadable: DERATED with STATE_LOST and no healing budget, until acknowledged. */
    @Test
    void aLostStateDeratesUntilAnAcknowledgementThenThePackIsBackToNormal() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/state.a"), "garbage\n");
        Files.writeString(dir.resolve("state/state.b"), "more garbage\n");
        VirtualBench bench = new VirtualBench(dir).plant(0, 3.62, 0, 25).plant(600, 3.62, 0, 25);
        AtomicReference<CompletableFuture<List<String>>> ack = new AtomicReference<>();
        try (VirtualRun run = bench.start()) {
            new FirmwareScript(run)
                    .expect(2, "precharged into DERATED: STATE_LOST derates", f -> {
                        assertThat(moves(f.transitions())).containsExactly("STANDBY->PRECHARGE", "PRECHARGE->DERATED");
                        assertThat(f.activeFaults()).containsOnlyKeys(FaultId.STATE_LOST);
                        assertThat(f.healing().budgetRemaining(1)).isZero();
                    })
                    .expect(
                            60,
                            "a minute later: still latched",
                            f -> assertThat(f.state()).isEqualTo(PackState.DERATED))
                    .input(60, "acknowledge state_lost", f -> ack.set(f.acknowledgeFault(" State_Lost ", OPERATOR)))
                    .expect(60.1, "acknowledged, cleared, budget released", f -> {
                        assertThat(ack.get()).isCompletedWithValue(List.of());
                        assertThat(f.activeFaults()).isEmpty();
                        assertThat(f.healing().budgetRemaining(1)).isEqualTo(1.0);
                    })
                    .expect(
                            60.2,
                            "the next tick: derating faults cleared, back to NORMAL",
                            f -> assertThat(moves(f.transitions())).endsWith("PRECHARGE->DERATED", "DERATED->NORMAL"))
                    .input(
                            61,
                            "an id that is no fault",
                            f -> assertThat(f.acknowledgeFault("no_such_fault", OPERATOR)
                                            .get())
                                    .containsExactly("'no_such_fault' is not a fault id"))
                    .run();
        }
        assertThat(bench.log()).contains("saved state lost");
    }

    /**
     * Charging at 1.2 A at 5 degC (safe there: 0.2 C) is a plating risk. The rule warms the cell once it
     * rests (heating is never allowed while charging), and when charging starts again the interlock
     * stops the heater at once.
     */
    @Test
    void aRuleHeatsACellOnAScriptedSignatureAndTheInterlockStopsItWhenChargingResumes() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .plant(0, 3.62, 0, 5)
                .plant(10, 3.72, 1.2, 5)
                .plant(70, 3.63, 0, 5)
                .plant(130, 3.72, 1.2, 5)
                .plant(200, 3.63, 0, 5)
                .plant(900, 3.63, 0, 5)
                .rules("""
                        format: healbms-rules
                        format_version: 1
                        name: warm-after-cold-charge
                        rules:
                          - id: warm-cold-cell
                            description: warm a cell that was charged in the cold, once it rests
                            when: signature['plating_risk'] > 0.0 && current > -0.5 && current < 0.5
                            for_s: 0
                            action: {type: thermal_activation, target_degc: 30, hold_s: 600, max_rise_k_per_min: 2}
                            cooldown_s: 3600
                            max_doses: 1
                        """);
        try (VirtualRun run = bench.start()) {
            new FirmwareScript(run)
                    .expect(9, "resting: no signature, nothing heated", f -> {
                        assertThat(f.snapshot().signatures()).isEmpty();
                        assertThat(f.healing().heating(1)).isFalse();
                    })
                    .expect(69, "charging hard in the cold: plating risk on every cell, but no rest, no heat", f -> {
                        assertThat(f.snapshot().signatures())
                                .extracting(TelemetrySnapshot.Signature::kind)
                                .contains("plating_risk");
                        assertThat(f.healing().heating(1)).isFalse();
                        assertThat(f.state()).isEqualTo(PackState.NORMAL);
                    })
                    .expect(75, "at rest: the rule fired, the heater on cell 1 is on", f -> {
                        assertThat(f.healing().heating(1)).isTrue();
                        assertThat(f.snapshot().cells().getFirst().heating()).isTrue();
                    })
                    .expect(
                            129,
                            "still heating, within the interlocks",
                            f -> assertThat(f.healing().heating(1)).isTrue())
                    .expect(
                            131,
                            "charging again: the interlock stopped the heater",
                            f -> assertThat(f.healing().heating(1)).isFalse())
                    .expect(133, "the life story has each action with its verdict", f -> {
                        assertThat(f.passport().healing())
                                .filteredOn(e -> e.cell() == 1)
                                .singleElement()
                                .satisfies(e -> {
                                    assertThat(e.ruleId()).isEqualTo("warm-cold-cell");
                                    assertThat(e.action()).isEqualTo("thermal_activation");
                                    assertThat(e.verdict()).isEqualTo("aborted");
                                });
                        assertThat(f.passport().healing())
                                .filteredOn(e -> e.cell() == 2)
                                .isNotEmpty()
                                .allSatisfy(e -> assertThat(e.verdict()).isEqualTo("not_carried_out"));
                    })
                    .run();
            assertThat(run.firmware().healing().efficacy().tallies())
                    .singleElement()
                    .satisfies(t -> assertThat(t.aborts()).isEqualTo(1));
        }
        String audit = Files.readString(bench.stateDir().resolve("audit.log"));
        assertThat(audit)
                .contains(
                        "signature plating_risk on cell 1",
                        "rule warm-cold-cell fired on cell 1",
                        "thermal activation of cell 1 started: target 30.0 degC",
                        "cell 2 has no heater",
                        "thermal activation of cell 1 aborted: charging at 1.20 A while heating");
    }

    /** Saved on the first tick and then once per save interval, stamped with the wall clock; restored exactly. */
    @Test
    void theStateIsSavedAtTheSaveIntervalAndANewFirmwareRestoresIt() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .plant(0, 3.62, 0, 25)
                .plant(5, 3.70, 1.0, 25)
                .plant(600, 3.70, 1.0, 25);
        double[] saved = new double[4];
        try (VirtualRun run = bench.start()) {
            new FirmwareScript(run)
                    .expect(0.1, "the first tick saved", f -> assertSavedInTickAt(100))
                    .expect(1.0, "0.9 s later: not yet", f -> assertSavedInTickAt(100))
                    .expect(1.1, "one save interval on", f -> assertSavedInTickAt(1100))
                    .expect(30.05, "and so on", f -> assertSavedInTickAt(29_100))
                    .run();
            run.stop();
            assertSavedInTickAt(30_000); // at stop, after the last tick at 30 s
            for (int k = 0; k < 4; k++) {
                saved[k] = run.firmware().estimator().soc(k);
            }
            assertThat(saved[0])
                    .as("charged 25 s at 1 A: the filter moved off its guess")
                    .isNotEqualTo(0.5);
        }
        try (VirtualRun again = bench.start()) {
            for (int k = 0; k < 4; k++) {
                assertThat(again.firmware().estimator().soc(k))
                        .as("cell %d", k + 1)
                        .isEqualTo(saved[k]);
            }
            again.tick();
            assertThat(again.firmware().state())
                    .as("run on start, from the restored state")
                    .isEqualTo(PackState.PRECHARGE);
        }
        // Saved at stop, in the tick at 30 s, once its conversions were done (30.00x s).
        assertThat(bench.log()).contains("restored state", "saved at 2026-01-01T00:00:30.0");
    }

    /**
     * Another thread floods acknowledgements while the control loop ticks: none blocks the caller, each
     * is either carried out by a tick (on the control thread: the tick refuses to carry out a command on
     * any other) or refused as the queue is full, and the firmware goes on.
     *
     * <p>"Never blocks" is shown without a stopwatch: first a flood with the loop stalled (no tick
     * drains the queue), which returns only if a full queue refuses rather than waits for room. The
     * slowest submit on the wall clock measured the machine (a cold JVM's first refusal took 0.6 s at
     * load 30), not the queue.
     */
    @Test
    void aFloodOfCommandsFromAnotherThreadIsBoundedAndNeverBlocks() throws Exception {
        VirtualBench bench = new VirtualBench(dir).plant(0, 3.62, 0, 25).plant(600, 3.62, 0, 25);
        int carriedOut = 0;
        try (VirtualRun run = bench.start()) {
            Firmware firmware = run.firmware();
            List<CompletableFuture<List<String>>> answers = new ArrayList<>();
            Thread stalled = flood(firmware, answers);
            assertThat(stalled.join(Duration.ofMinutes(2)))
                    .as("a flood with no tick draining the queue returned: a full queue refuses, it never blocks")
                    .isTrue();
            assertThat(answers.stream().filter(a -> !a.isDone()))
                    .as("queued for the next tick")
                    .hasSize(CommandQueue.CAPACITY);

            Thread flood = flood(firmware, answers);
            while (flood.isAlive()) {
                run.tick();
            }
            flood.join();
            run.tick(); // drains what was queued last
            run.runUntil(run.elapsed().plusSeconds(3));
            int refused = 0;
            for (var a : answers) {
                assertThat(a).isDone();
                try {
                    assertThat(a.get()).isEmpty();
                    carriedOut++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause())
                            .isInstanceOf(CommandRefused.class)
                            .hasMessageContaining("command queue is full");
                    refused++;
                }
            }
            assertThat(carriedOut + refused).isEqualTo(2 * FLOOD);
            assertThat(refused)
                    .as("the commands outrun the ticks")
                    .isGreaterThanOrEqualTo(FLOOD - CommandQueue.CAPACITY);
            assertThat(carriedOut).isGreaterThanOrEqualTo(CommandQueue.CAPACITY);
            assertThat(firmware.state())
                    .as("the loop went on: precharged and running")
                    .isEqualTo(PackState.NORMAL);
        }
        // Each one carried out, by the tick, is in the audit log; none of the refused ones is.
        long audited = Files.readAllLines(bench.stateDir().resolve("audit.log")).stream()
                .filter(l -> l.contains("fault CELL_OVERVOLTAGE acknowledged by"))
                .count();
        assertThat(audited).isEqualTo(carriedOut);
    }

    private static final int FLOOD = 5000;

    /** A thread that submits {@value #FLOOD} acknowledgements as fast as it can, their answers added to {@code answers}. */
    private static Thread flood(Firmware firmware, List<CompletableFuture<List<String>>> answers) {
        return Thread.ofPlatform().name("coap-flood").start(() -> {
            for (int i = 0; i < FLOOD; i++) {
                answers.add(firmware.acknowledgeFault("cell_overvoltage", OPERATOR));
            }
        });
    }

    @Test
    void theDriversConversionWaitsPassOnTheVirtualClockAndTheTicksStayOnTheirPeriod() throws Exception {
        try (VirtualRun run = new VirtualBench(dir)
                .plant(0, 3.62, 0, 25)
                .plant(10, 3.62, 0, 25)
                .start()) {
            for (int k = 1; k <= 30; k++) {
                ReadingFrame frame = run.tick();
                long tickNanos = k * 100_000_000L;
                assertThat(frame.monotonicNanos()).as("tick %d", k).isEqualTo(tickNanos);
                assertThat(run.elapsed()).isEqualTo(Duration.ofNanos(tickNanos));
                // The snapshot is stamped after the tick's conversions: the LTC6811's cell conversion
                // alone is 2.3 ms at 7 kHz, waited out on the virtual clock (nothing slept).
                long publishedMs = run.firmware().snapshot().epochMillis() - VirtualBench.START.toEpochMilli();
                assertThat(publishedMs)
                        .as("tick %d published", k)
                        .isBetween(tickNanos / 1_000_000 + 2, tickNanos / 1_000_000 + 99);
            }
        }
    }

    /**
     * The state was saved in the tick that started at {@code tickMs}: the save's wall time is that of
     * the moment it was written, after the tick's conversions (a few virtual milliseconds), as on a board.
     */
    private void assertSavedInTickAt(long tickMs) throws Exception {
        assertThat(savedAt()).isBetween(tickMs, tickMs + 99);
    }

    private long savedAt() throws Exception {
        var slots = new SlotStore(dir.resolve("state"), "state").recover(PersistedState::fromJson);
        assertThat(slots).isInstanceOf(SlotStore.Restored.class);
        long savedAtMs = ((SlotStore.Restored<PersistedState>) slots).value().savedAtEpochMs();
        return savedAtMs - VirtualBench.START.toEpochMilli();
    }

    private static List<String> moves(List<StateTransition> transitions) {
        return transitions.stream().map(t -> t.from() + "->" + t.to()).toList();
    }
}
