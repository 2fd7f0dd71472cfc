package org.healbms.core.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault of the standard table, scripted on a controllable clock at 100 ms ticks: it is raised
 * at its debounce time and not one tick before, a blip shorter than that raises nothing, and it
 * recovers as its entry says (after the recovery time, and for latched faults only once
 * acknowledged).
 */
class SafetySupervisorTest {

    private static final CellLimits LIMITS = CellLimits.ncr18650pf();
    private static final DiagnosisTable TABLE = DiagnosisTable.standard(LIMITS);
    private static final long TICK = 100_000_000L;

    private static ProtectionInputs normal() {
        return new ProtectionInputs(3.6, 3.7, 24, 26, -2.0, false, false);
    }

    private static ProtectionInputs with(FaultId id) {
        ProtectionInputs n = normal();
        return switch (id) {
            case CELL_OVERVOLTAGE -> new ProtectionInputs(3.6, 4.23, 24, 26, -2.0, false, false);
            case CELL_UNDERVOLTAGE -> new ProtectionInputs(2.35, 3.7, 24, 26, -2.0, false, false);
            case CHARGE_OVERTEMPERATURE -> new ProtectionInputs(3.6, 3.7, 24, 47, 1.0, false, false);
            case CHARGE_UNDERTEMPERATURE -> new ProtectionInputs(3.6, 3.7, -3, 5, 1.0, false, false);
            case DISCHARGE_OVERTEMPERATURE -> new ProtectionInputs(3.6, 3.7, 24, 62, -2.0, false, false);
            case DISCHARGE_UNDERTEMPERATURE -> new ProtectionInputs(3.6, 3.7, -22, -15, -2.0, false, false);
            case CHARGE_OVERCURRENT -> new ProtectionInputs(3.6, 3.7, 24, 26, 1.7, false, false);
            case DISCHARGE_OVERCURRENT -> new ProtectionInputs(3.6, 3.7, 24, 26, -11.5, false, false);
            case CELL_VOLTAGE_MEASUREMENT -> new ProtectionInputs(3.6, 3.7, 24, 26, -2.0, true, false);
            case TEMPERATURE_MEASUREMENT -> new ProtectionInputs(3.6, 3.7, 24, 26, -2.0, false, true);
            case CURRENT_MEASUREMENT -> new ProtectionInputs(3.6, 3.7, 24, 26, Double.NaN, false, false);
            case LOW_MEMORY -> n.withConditions(Set.of(FaultId.LOW_MEMORY));
            case STATE_LOST -> n.withConditions(Set.of(FaultId.STATE_LOST));
            case LOOP_OVERRUN,
                    STORAGE_UNWRITABLE,
                    CONTACTOR_WELDED,
                    CONTACTOR_STUCK_OPEN,
                    LISTENER_FAILED,
                    TELEMETRY_FAILED -> n.withConditions(Set.of(id));
            case INVERTER_LINK -> n.withConditions(Set.of(id));
        };
    }

    static Stream<Arguments> faults() {
        return Stream.of(FaultId.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("faults")
    void raisesAfterItsDebounceNotBeforeAndRecoversAsSpecified(FaultId id) {
        DiagnosisEntry entry = TABLE.entry(id);
        SafetySupervisor s = new SafetySupervisor(TABLE);
        long now = 0;
        ProtectionInputs bad = with(id);
        ProtectionInputs good = normal();
        assertThat(entry.raise().test(bad))
                .as("scripted condition raises %s", id)
                .isTrue();
        long debounceTicks = entry.debounce().toNanos() / TICK;

        // A blip one tick shorter than the debounce raises nothing.
        for (int k = 0; k < debounceTicks; k++, now += TICK) {
            assertThat(s.update(bad, now)).isEmpty();
        }
        s.update(good, now);
        now += TICK;
        assertThat(s.active(id)).isFalse();

        // Held: raised exactly at the debounce time.
        long start = now;
        List<FaultEvent> events = List.of();
        while (events.isEmpty()) {
            events = s.update(bad, now);
            now += TICK;
        }
        assertThat(now - TICK - start).isEqualTo(entry.debounce().toNanos());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.raised()).isTrue();
            assertThat(e.severity()).isEqualTo(entry.severity());
        });
        assertThat(s.activeFaults()).containsEntry(id, entry.severity());
        assertThat(s.worstSeverity()).isEqualTo(entry.severity());

        // Recovery: the clear condition must hold for the recovery time.
        long recoveryTicks = entry.recovery().toNanos() / TICK;
        for (int k = 0; k < recoveryTicks; k++, now += TICK) {
            assertThat(s.update(good, now)).isEmpty();
        }
        if (entry.latched()) {
            // Latched: still active until someone acknowledges.
            for (int k = 0; k < 20; k++, now += TICK) {
                assertThat(s.update(good, now)).isEmpty();
            }
            assertThat(s.active(id)).isTrue();
            s.acknowledge(id);
        }
        events = s.update(good, now);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.raised()).isFalse());
        assertThat(s.active(id)).isFalse();
        assertThat(s.worstSeverity()).isNull();
    }

    @Test
    void aRelapseDuringRecoveryRestartsTheRecoveryTime() {
        SafetySupervisor s = new SafetySupervisor(TABLE);
        long now = 0;
        ProtectionInputs cold = with(FaultId.DISCHARGE_UNDERTEMPERATURE);
        for (int k = 0; k <= 20; k++, now += TICK) {
            s.update(cold, now);
        }
        assertThat(s.active(FaultId.DISCHARGE_UNDERTEMPERATURE)).isTrue();
        for (int k = 0; k < 90; k++, now += TICK) {
            s.update(normal(), now); // 9 s of the 10 s recovery
        }
        s.update(cold, now);
        now += TICK;
        for (int k = 0; k < 90; k++, now += TICK) {
            s.update(normal(), now);
        }
        assertThat(s.active(FaultId.DISCHARGE_UNDERTEMPERATURE)).isTrue();
    }

    @Test
    void betweenClearAndRaiseThresholdsTheFaultStaysAsItIs() {
        SafetySupervisor s = new SafetySupervisor(TABLE);
        ProtectionInputs hot = with(FaultId.DISCHARGE_OVERTEMPERATURE);
        ProtectionInputs warm = new ProtectionInputs(3.6, 3.7, 24, 57, -2.0, false, false); // above 55 clear
        long now = 0;
        for (int k = 0; k <= 20; k++, now += TICK) {
            s.update(hot, now);
        }
        s.acknowledge(FaultId.DISCHARGE_OVERTEMPERATURE);
        for (int k = 0; k < 600; k++, now += TICK) {
            s.update(warm, now);
        }
        assertThat(s.active(FaultId.DISCHARGE_OVERTEMPERATURE)).isTrue();
    }

    /** A latched fault restored after a restart is active at once and needs its acknowledgement like any other. */
    @Test
    void aRestoredLatchedFaultIsActiveAtOnceAndClearsOnlyWhenAcknowledged() {
        SafetySupervisor s = new SafetySupervisor(TABLE);
        assertThat(s.restoreLatched(FaultId.LISTENER_FAILED, 0))
                .hasValueSatisfying(e -> assertThat(e.raised()).isTrue());
        assertThat(s.worstSeverity()).isEqualTo(Severity.OPEN_CONTACTORS);
        assertThat(s.unacknowledgedLatched()).containsExactly(FaultId.LISTENER_FAILED);
        assertThat(s.restoreLatched(FaultId.STORAGE_UNWRITABLE, 0))
                .as("not latched")
                .isEmpty();
        long now = TICK;
        for (int k = 0; k < 50; k++, now += TICK) {
            assertThat(s.update(normal(), now)).isEmpty();
        }
        s.acknowledge(FaultId.LISTENER_FAILED);
        assertThat(s.unacknowledgedLatched()).isEmpty();
        assertThat(s.active(FaultId.LISTENER_FAILED))
                .as("still, until the next tick")
                .isTrue();
        assertThat(s.update(normal(), now)) // recovered for 5 s already: cleared on the first tick after
                .singleElement()
                .satisfies(e -> assertThat(e.raised()).isFalse());
        assertThat(s.active(FaultId.LISTENER_FAILED)).isFalse();
    }

    @Test
    void chargingLimitsApplyOnlyWhileCharging() {
        SafetySupervisor s = new SafetySupervisor(TABLE);
        // 47 degC is too hot to charge but fine to discharge.
        ProtectionInputs hotDischarging = new ProtectionInputs(3.6, 3.7, 24, 47, -5.0, false, false);
        long now = 0;
        for (int k = 0; k < 100; k++, now += TICK) {
            assertThat(s.update(hotDischarging, now)).isEmpty();
        }
    }
}
