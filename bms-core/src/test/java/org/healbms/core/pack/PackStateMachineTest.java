package org.healbms.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.healbms.core.protection.Severity;
import org.junit.jupiter.api.Test;

/** Scripted as steps of input and expected state on a controllable clock (100 ms ticks). */
class PackStateMachineTest {

    private static final long TICK = 100_000_000L;

    /** Remembers every switch command, as the GPIO lines would see them. */
    private static final class RecordingContactors implements Contactors {
        final List<String> commands = new ArrayList<>();
        String now = "";

        @Override
        public void set(boolean mainNegative, boolean precharge, boolean mainPositive) {
            now = (mainNegative ? "N" : "-") + (precharge ? "P" : "-") + (mainPositive ? "M" : "-");
            commands.add(now);
        }
    }

    private final RecordingContactors contactors = new RecordingContactors();
    private long now;
    private PackStateMachine machine;

    private PackState step(PackCommand command, Severity fault, double link) {
        now += TICK;
        return machine.step(new PackInputs().set(now, command, fault, 48.0, link, true));
    }

    @Test
    void runsThroughPrechargeDeratesAndFaultsAsItsInputsSay() {
        machine = new PackStateMachine(contactors, now);
        assertThat(contactors.now).isEqualTo("---");
        assertThat(step(PackCommand.NONE, null, 0)).isEqualTo(PackState.STANDBY);
        assertThat(step(PackCommand.RUN, null, 0)).isEqualTo(PackState.PRECHARGE);
        assertThat(contactors.now).isEqualTo("NP-");
        assertThat(step(PackCommand.NONE, null, 30.0)).isEqualTo(PackState.PRECHARGE);
        assertThat(step(PackCommand.NONE, null, 45.7)).isEqualTo(PackState.NORMAL); // 95.2 % of 48 V
        assertThat(contactors.now).isEqualTo("N-M");
        assertThat(step(PackCommand.NONE, Severity.WARNING, 48)).isEqualTo(PackState.NORMAL);
        assertThat(step(PackCommand.NONE, Severity.DERATE, 48)).isEqualTo(PackState.DERATED);
        assertThat(contactors.now).isEqualTo("N-M");
        assertThat(step(PackCommand.NONE, null, 48)).isEqualTo(PackState.NORMAL);
        assertThat(step(PackCommand.NONE, Severity.OPEN_CONTACTORS, 48)).isEqualTo(PackState.FAULT);
        assertThat(contactors.now).isEqualTo("---");
        // A reset while the fault still demands open contactors does nothing; a run request neither.
        assertThat(step(PackCommand.RESET_FAULT, Severity.OPEN_CONTACTORS, 0)).isEqualTo(PackState.FAULT);
        assertThat(step(PackCommand.RUN, null, 0)).isEqualTo(PackState.FAULT);
        assertThat(step(PackCommand.RESET_FAULT, null, 0)).isEqualTo(PackState.STANDBY);
        assertThat(contactors.now).isEqualTo("---");
        assertThat(machine.transitions())
                .extracting(StateTransition::to)
                .containsExactly(
                        PackState.PRECHARGE,
                        PackState.NORMAL,
                        PackState.DERATED,
                        PackState.NORMAL,
                        PackState.FAULT,
                        PackState.STANDBY);
        assertThat(machine.transitions().get(1).reason()).contains("precharged: link 45.7 V of pack 48.0 V");
    }

    @Test
    void aPrechargeThatNeverReachesThePackVoltageIsAFault() {
        machine = new PackStateMachine(contactors, now);
        step(PackCommand.RUN, null, 0);
        for (int k = 0; k < 49; k++) {
            assertThat(step(PackCommand.NONE, null, 12.0)).isEqualTo(PackState.PRECHARGE);
        }
        assertThat(step(PackCommand.NONE, null, 12.0)).isEqualTo(PackState.FAULT);
        assertThat(contactors.now).isEqualTo("---");
        assertThat(machine.transitions().getLast().reason()).contains("precharge timed out");
    }

    @Test
    void aFaultDuringPrechargeOrAStopOpensEverything() {
        machine = new PackStateMachine(contactors, now);
        step(PackCommand.RUN, null, 0);
        assertThat(step(PackCommand.STOP, null, 10)).isEqualTo(PackState.STANDBY);
        step(PackCommand.RUN, null, 0);
        assertThat(step(PackCommand.NONE, Severity.OPEN_CONTACTORS, 10)).isEqualTo(PackState.FAULT);
        assertThat(contactors.now).isEqualTo("---");
    }

    @Test
    void shutdownIsFinalFromAnyState() {
        machine = new PackStateMachine(contactors, now);
        step(PackCommand.RUN, null, 0);
        step(PackCommand.NONE, null, 48);
        assertThat(step(PackCommand.SHUTDOWN, null, 48)).isEqualTo(PackState.SHUTDOWN);
        assertThat(contactors.now).isEqualTo("---");
        assertThat(step(PackCommand.RUN, null, 48)).isEqualTo(PackState.SHUTDOWN);
        assertThat(step(PackCommand.RESET_FAULT, null, 48)).isEqualTo(PackState.SHUTDOWN);
    }

    /** A contactor that reads closed while all are commanded open (welded) holds the pack in STANDBY. */
    @Test
    void aRunRequestWaitsUntilTheFeedbackReadsEveryContactorOpen() {
        machine = new PackStateMachine(contactors, now);
        for (int k = 0; k < 3; k++) {
            now += TICK;
            assertThat(machine.step(new PackInputs().set(now, PackCommand.RUN, null, 48.0, 0, false)))
                    .isEqualTo(PackState.STANDBY);
        }
        assertThat(contactors.commands).containsExactly("---");
        now += TICK;
        assertThat(machine.step(new PackInputs().set(now, PackCommand.NONE, Severity.OPEN_CONTACTORS, 48.0, 0, false)))
                .isEqualTo(PackState.FAULT);
        assertThat(contactors.commands).containsOnly("---");
        assertThat(machine.transitions()).extracting(StateTransition::to).containsExactly(PackState.FAULT);
    }
}
