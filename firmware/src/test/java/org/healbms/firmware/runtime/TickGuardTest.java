package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.healbms.core.pack.Contactors;
import org.healbms.core.pack.PackCommand;
import org.healbms.core.pack.PackInputs;
import org.healbms.core.pack.PackState;
import org.healbms.core.pack.PackStateMachine;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.protection.DiagnosisTable;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.ProtectionInputs;
import org.healbms.core.protection.SafetySupervisor;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.drivers.acquisition.FrameListener;
import org.junit.jupiter.api.Test;

/**
 * A control tick that throws ends nothing: the next tick's protection sees LISTENER_FAILED and the
 * state machine opens the contactors; a tick that keeps failing stops the loop through the fail-safe.
 */
class TickGuardTest {

    private static final long TICK = 100_000_000L;

    /** A tick like the firmware's: protection first (with the guard's condition), the state machine, then the rest. */
    private static final class ScriptedTick implements FrameListener {
        final SafetySupervisor supervisor = new SafetySupervisor(DiagnosisTable.standard(CellLimits.ncr18650pf()));
        final List<String> coils = new ArrayList<>();
        final PackStateMachine machine = new PackStateMachine(
                new Contactors() {
                    @Override
                    public void set(boolean negative, boolean precharge, boolean positive) {
                        coils.add(negative + "/" + precharge + "/" + positive);
                    }
                },
                0);
        TickGuard guard;
        boolean failAfterProtection;
        boolean failBeforeProtection;

        @Override
        public void onFrame(ReadingFrame frame) throws IOException {
            if (failBeforeProtection) {
                throw new IllegalStateException("a bug before protection");
            }
            long now = frame.monotonicNanos();
            ProtectionInputs in = new ProtectionInputs(3.6, 3.7, 24, 26, -2.0, false, false)
                    .withConditions(guard.failedSinceAsked() ? Set.of(FaultId.LISTENER_FAILED) : Set.of());
            supervisor.update(in, now);
            machine.step(new PackInputs().set(now, PackCommand.RUN, supervisor.worstSeverity(), 14.8, 14.8, true));
            if (failAfterProtection) {
                throw new IOException("a bug after protection");
            }
        }
    }

    private static ReadingFrame frame(long tick) {
        return new ReadingFrame(tick, tick * TICK, List.<Channel>of(), new double[0], new Quality[0], new long[0]);
    }

    @Test
    void aFailedTickIsADiagnosisOnTheNextAndTheContactorsOpen() {
        ScriptedTick tick = new ScriptedTick();
        AtomicInteger failSafes = new AtomicInteger();
        StringWriter log = new StringWriter();
        tick.guard = new TickGuard(tick, new AtomicBoolean(), new PrintWriter(log, true), failSafes::incrementAndGet);
        long t = 0;
        while (tick.machine.state() != PackState.NORMAL) {
            tick.guard.onFrame(frame(t++));
        }
        tick.failAfterProtection = true;
        tick.guard.onFrame(frame(t++)); // throws inside: nothing escapes
        tick.failAfterProtection = false;
        tick.guard.onFrame(frame(t++));
        assertThat(tick.supervisor.active(FaultId.LISTENER_FAILED)).isTrue();
        assertThat(tick.machine.state()).isEqualTo(PackState.FAULT);
        assertThat(tick.coils.getLast()).isEqualTo("false/false/false");
        assertThat(failSafes).hasValue(0);
        assertThat(log.toString())
                .contains("control tick " + (t - 2) + " failed (1 in a row)", "a bug after protection");
        // Latched: it stays after good ticks until someone acknowledges it.
        for (int k = 0; k < 30; k++) {
            tick.guard.onFrame(frame(t++));
        }
        assertThat(tick.supervisor.active(FaultId.LISTENER_FAILED)).isTrue();
    }

    @Test
    void aTickThatKeepsFailingBeforeProtectionStopsTheLoopOnce() {
        ScriptedTick tick = new ScriptedTick();
        AtomicInteger failSafes = new AtomicInteger();
        tick.guard = new TickGuard(
                tick, new AtomicBoolean(), new PrintWriter(new StringWriter()), failSafes::incrementAndGet);
        tick.guard.onFrame(frame(0));
        tick.failBeforeProtection = true;
        for (int k = 1; k < TickGuard.FAIL_SAFE_AFTER; k++) {
            tick.guard.onFrame(frame(k));
        }
        assertThat(failSafes).hasValue(0);
        tick.guard.onFrame(frame(TickGuard.FAIL_SAFE_AFTER));
        assertThat(failSafes).hasValue(1);
        assertThat(tick.guard.failSafeReason()).contains("failed 3 times in a row", "a bug before protection");
        tick.guard.onFrame(frame(TickGuard.FAIL_SAFE_AFTER + 1));
        assertThat(failSafes).hasValue(1);
    }

    @Test
    void errorsAreCaughtToo() {
        ScriptedTick tick = new ScriptedTick();
        tick.guard = new TickGuard(
                frame -> {
                    throw new StackOverflowError();
                },
                new AtomicBoolean(),
                new PrintWriter(new StringWriter()),
                () -> {});
        tick.guard.onFrame(frame(0));
        assertThat(tick.guard.failedSinceAsked()).isTrue();
        assertThat(tick.guard.failedSinceAsked()).isFalse();
    }
}
