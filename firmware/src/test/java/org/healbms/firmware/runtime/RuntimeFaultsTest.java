package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.healbms.sim.board.EmulatedContactors.Failure.COIL_DRIVER;
import static org.healbms.sim.board.EmulatedContactors.Failure.STUCK_OPEN;
import static org.healbms.sim.board.EmulatedContactors.Failure.WELDED;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.healbms.core.pack.Contactor;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.StateTransition;
import org.healbms.core.protection.FaultId;
import org.healbms.firmware.persist.AuditLog;
import org.healbms.sim.board.BenchBoard;
import org.healbms.sim.board.EmulatedContactors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime faults in the whole firmware on its virtual clock (docs/protection.md): each becomes its
 * diagnosis, the state machine reacts, and the firmware runs on or stops only through the state
 * machine with the state saved. On the virtual clock no late conversion of a real-time emulator can
 * raise another fault first: each run is the same every time.
 */
class RuntimeFaultsTest {

    @TempDir
    Path dir;

    /** Rest at 3.62 V per cell for ten minutes. */
    private VirtualBench restingBench() {
        return new VirtualBench(dir).plant(0, 3.62, 0, 25).plant(600, 3.62, 0, 25);
    }

    private static EmulatedContactors contactors(VirtualRun run) {
        return (EmulatedContactors) run.firmware().modelledContactors().orElseThrow();
    }

    /**
     * The classic: the precharge relay welds while it carries the precharge. Commanded open when the
     * main positive takes over, it stays closed: the pack goes to FAULT, and stays there, since what
     * demands open contactors (the weld) does not go away.
     */
    @Test
    void aPrechargeRelayThatWeldsDuringPrechargeTakesThePackToFaultAndKeepsItThere() throws Exception {
        VirtualBench bench = restingBench();
        try (VirtualRun run = bench.start()) {
            new FirmwareScript(run)
                    .expect(0.2, "precharging", f -> assertThat(f.state()).isEqualTo(PackState.PRECHARGE))
                    .input(0.2, "the relay welds", f -> contactors(run).fail(Contactor.PRECHARGE, WELDED))
                    .expect(5, "precharged, the relay did not open: FAULT", f -> {
                        assertThat(f.activeFaults())
                                .containsKey(FaultId.CONTACTOR_WELDED)
                                .doesNotContainKey(FaultId.CONTACTOR_STUCK_OPEN);
                        assertThat(moves(f.transitions()))
                                .endsWith("STANDBY->PRECHARGE", "PRECHARGE->NORMAL", "NORMAL->FAULT");
                    })
                    .expect(30, "latched, and its condition holds: it stays", f -> {
                        assertThat(f.activeFaults()).containsKey(FaultId.CONTACTOR_WELDED);
                        assertThat(f.state()).isEqualTo(PackState.FAULT);
                    })
                    .run();
            run.stop();
        }
        assertThat(audit(bench))
                .contains(
                        "fault raised CONTACTOR_WELDED (OPEN_CONTACTORS)",
                        "-> FAULT",
                        "stopped: state saved, contactors open");
    }

    /**
     * A relay welded before the firmware starts (welded at the last stop, or by a fault while the
     * controller was off): run_on_start must not precharge onto it. The state machine waits in
     * STANDBY for feedback that reads every contactor open; the weld is diagnosed once the open
     * command has stood its settling time (0.1 s) and the debounce (0.2 s), and nothing ever closes.
     */
    @Test
    void aContactorWeldedBeforeStartIsDiagnosedBeforeAnythingCloses() throws Exception {
        VirtualBench bench = restingBench();
        try (VirtualRun run = bench.start()) {
            contactors(run).fail(Contactor.PRECHARGE, WELDED);
            new FirmwareScript(run)
                    .expect(0.2, "run requested, but the precharge relay reads closed: standby", f -> {
                        assertThat(f.state()).isEqualTo(PackState.STANDBY);
                        assertThat(f.transitions()).isEmpty();
                    })
                    .expect(0.5, "diagnosed: FAULT straight from STANDBY", f -> {
                        assertThat(f.activeFaults()).containsKey(FaultId.CONTACTOR_WELDED);
                        assertThat(moves(f.transitions())).containsExactly("STANDBY->FAULT");
                    })
                    .expect(10, "and no precharge ever", f -> {
                        assertThat(moves(f.transitions())).containsExactly("STANDBY->FAULT");
                        EmulatedContactors c = contactors(run);
                        assertThat(c.closed(Contactor.MAIN_NEGATIVE)).isFalse();
                        assertThat(c.closed(Contactor.MAIN_POSITIVE)).isFalse();
                    })
                    .run();
        }
    }

    /** A main positive whose coil does not pull in: commanded closed, reads open, the pack opens. */
    @Test
    void aStuckOpenMainContactorOpensThePack() throws Exception {
        try (VirtualRun run = restingBench().start()) {
            contactors(run).fail(Contactor.MAIN_POSITIVE, STUCK_OPEN);
            new FirmwareScript(run)
                    .expect(5, "precharged, main positive never closed: FAULT", f -> {
                        assertThat(f.activeFaults())
                                .containsKey(FaultId.CONTACTOR_STUCK_OPEN)
                                .doesNotContainKey(FaultId.CONTACTOR_WELDED);
                        assertThat(moves(f.transitions()))
                                .containsExactly("STANDBY->PRECHARGE", "PRECHARGE->NORMAL", "NORMAL->FAULT");
                    })
                    .run();
        }
    }

    /**
     * A coil driver that stops answering: the control tick that tries to close the precharge path
     * throws. The tick guard keeps the loop going, the next tick raises LISTENER_FAILED, the state
     * machine goes to FAULT, and the firmware keeps running (protection and telemetry) until stopped,
     * with the state saved. The fault is latched: a restart does not forget it (the saved state carries
     * it), and the pack stays open until an operator acknowledges it.
     */
    @Test
    void aControlTickThatThrowsIsALatchedDiagnosisThatSurvivesARestart() throws Exception {
        VirtualBench bench = restingBench();
        try (VirtualRun run = bench.start()) {
            contactors(run).fail(Contactor.PRECHARGE, COIL_DRIVER);
            new FirmwareScript(run)
                    .expect(0.5, "raised, FAULT", f -> {
                        assertThat(f.activeFaults()).containsKey(FaultId.LISTENER_FAILED);
                        assertThat(f.state()).isEqualTo(PackState.FAULT);
                    })
                    .expect(5, "runs on in FAULT", f -> {
                        assertThat(f.state()).isEqualTo(PackState.FAULT);
                        assertThat(f.failSafeReason()).isNull();
                    })
                    .run();
            run.stop();
            assertThat(run.firmware().state()).isEqualTo(PackState.SHUTDOWN);
        }
        assertThat(bench.log()).contains("control tick", "failed (1 in a row)", "coil driver does not answer");
        assertThat(audit(bench)).contains("fault raised LISTENER_FAILED (OPEN_CONTACTORS)", "stopped: state saved");

        AtomicReference<CompletableFuture<List<String>>> ack = new AtomicReference<>();
        try (VirtualRun again = bench.start()) {
            new FirmwareScript(again)
                    .expect(0.1, "restarted with a coil driver that answers: the fault is back at once", f -> {
                        assertThat(f.activeFaults()).containsKey(FaultId.LISTENER_FAILED);
                        assertThat(moves(f.transitions())).containsExactly("STANDBY->FAULT");
                    })
                    .expect(
                            10,
                            "latched: nobody acknowledged it",
                            f -> assertThat(f.state()).isEqualTo(PackState.FAULT))
                    .input(
                            10,
                            "acknowledge listener_failed",
                            f -> ack.set(f.acknowledgeFault("listener_failed", FirmwareTest.OPERATOR)))
                    .expect(13, "cleared, reset, precharged: running again", f -> {
                        assertThat(ack.get()).isCompletedWithValue(List.of());
                        assertThat(f.activeFaults()).isEmpty();
                        assertThat(f.state()).isEqualTo(PackState.NORMAL);
                    })
                    .run();
            again.stop();
        }
        try (VirtualRun third = bench.start()) {
            third.tick();
            assertThat(third.firmware().activeFaults())
                    .as("acknowledged before the stop: not restored")
                    .doesNotContainKey(FaultId.LISTENER_FAILED);
        }
        assertThat(audit(bench)).contains("fault raised LISTENER_FAILED (OPEN_CONTACTORS): latched before the restart");
    }

    /**
     * A state directory that refuses the save (here the slot files are directories, which not even
     * root can write as files) raises STORAGE_UNWRITABLE and derates; the firmware runs on, and saves
     * again once it can.
     */
    @Test
    void aStateSaveThatFailsDeratesAndTheFirmwareRunsOn() throws Exception {
        VirtualBench bench = restingBench();
        Path state = bench.stateDir();
        try (VirtualRun run = bench.start()) {
            new FirmwareScript(run)
                    .expect(2, "running and saved", f -> {
                        assertThat(f.state()).isEqualTo(PackState.NORMAL);
                        assertThat(state.resolve("state.a")).exists();
                    })
                    .input(2, "the slots become directories", f -> {
                        for (String slot : new String[] {"state.a", "state.b"}) {
                            Files.deleteIfExists(state.resolve(slot));
                            Files.createDirectory(state.resolve(slot));
                        }
                    })
                    .expect(
                            2.5,
                            "not yet: STORAGE_UNWRITABLE waits 5 s",
                            f -> assertThat(f.state()).isEqualTo(PackState.NORMAL))
                    .expect(8, "derated", f -> {
                        assertThat(f.activeFaults()).containsKey(FaultId.STORAGE_UNWRITABLE);
                        assertThat(f.state()).isEqualTo(PackState.DERATED);
                    })
                    .input(8, "the slots can be written again", f -> {
                        for (String slot : new String[] {"state.a", "state.b"}) {
                            Files.delete(state.resolve(slot));
                        }
                    })
                    .expect(20, "saved again, recovered after 10 s", f -> {
                        assertThat(f.activeFaults()).doesNotContainKey(FaultId.STORAGE_UNWRITABLE);
                        assertThat(f.state()).isEqualTo(PackState.NORMAL);
                    })
                    .run();
            run.stop();
        }
        assertThat(bench.log()).contains("the state cannot be saved", "the state is saved again");
        assertThat(audit(bench)).contains("fault raised STORAGE_UNWRITABLE (DERATE)", "stopped: state saved");
    }

    /**
     * A card that takes no writes at start (here the state directory would go under a regular file,
     * which not even root can create): the firmware starts, protects and runs on without persistence,
     * its audit records held in memory, and STORAGE_UNWRITABLE derates the pack. Protection is
     * whole: an over-voltage still opens the contactors.
     */
    @Test
    void aStateDirectoryThatCannotBeWrittenAtStartRunsWithoutPersistence() throws Exception {
        VirtualBench bench = new VirtualBench(dir)
                .unwritableStateDir()
                .plant(0, 3.62, 0, 25)
                .plant(20, 4.25, 0, 25)
                .plant(30, 3.62, 0, 25)
                .plant(600, 3.62, 0, 25);
        runsWithoutPersistence(bench);
    }

    /** The same with a directory made read-only (where the tests do not run as root, which writes anyway). */
    @Test
    void aReadOnlyStateDirectoryRunsWithoutPersistence() throws Exception {
        Path card = Files.createDirectories(dir.resolve("ro"));
        VirtualBench bench = new VirtualBench(dir)
                .stateDir("ro")
                .plant(0, 3.62, 0, 25)
                .plant(20, 4.25, 0, 25)
                .plant(30, 3.62, 0, 25)
                .plant(600, 3.62, 0, 25);
        FirmwareSetup setup = bench.setup(); // the bench's files are written before the card turns read-only
        assertThat(card.toFile().setWritable(false, false)).isTrue();
        try {
            assumeFalse(Files.isWritable(card), "running as root: a read-only directory is written all the same");
            runsWithoutPersistence(bench);
        } finally {
            card.toFile().setWritable(true, false);
        }
    }

    private void runsWithoutPersistence(VirtualBench bench) throws Exception {
        try (VirtualRun run = bench.start()) {
            new FirmwareScript(run)
                    .expect(
                            2,
                            "precharged and running",
                            f -> assertThat(f.state()).isEqualTo(PackState.NORMAL))
                    .expect(8, "STORAGE_UNWRITABLE derates", f -> {
                        assertThat(f.activeFaults()).containsOnlyKeys(FaultId.STORAGE_UNWRITABLE);
                        assertThat(f.state()).isEqualTo(PackState.DERATED);
                    })
                    .expect(21, "protection is whole: the over-voltage opens the contactors", f -> {
                        assertThat(f.activeFaults()).containsKey(FaultId.CELL_OVERVOLTAGE);
                        assertThat(f.state()).isEqualTo(PackState.FAULT);
                    })
                    .expect(
                            21,
                            "the audit records are held in memory, readable over CoAP",
                            f -> assertThat(f.audit(0, 100))
                                    .extracting(AuditLog.Entry::text)
                                    .anySatisfy(t -> assertThat(t).startsWith("started: board " + BenchBoard.NAME))
                                    .anySatisfy(t -> assertThat(t).startsWith("fault raised CELL_OVERVOLTAGE")))
                    .run();
            run.stop();
        }
        assertThat(bench.log()).contains("the audit log cannot be written", "the state cannot be saved");
        assertThat(bench.stateDir().resolve("state.a")).doesNotExist();
    }

    private static String audit(VirtualBench bench) throws Exception {
        return Files.readString(bench.stateDir().resolve("audit.log"));
    }

    private static List<String> moves(List<StateTransition> transitions) {
        return transitions.stream().map(t -> t.from() + "->" + t.to()).toList();
    }
}
