package org.healbms.firmware.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.healbms.core.pack.CurrentLimits;
import org.healbms.core.pack.PackState;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.Severity;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.canbms.BmsCanDecoder;
import org.healbms.drivers.canbms.BmsCanMessage;
import org.healbms.drivers.canbms.BmsCanVariant;
import org.healbms.sim.device.can.EmulatedCanBus;
import org.healbms.sim.device.can.InverterEmulator;
import org.junit.jupiter.api.Test;

/** The BMS's side of the link on an emulated bus: timing of the reports, bad input, keep-alive, bus-off. */
class CanReporterTest {

    private static final long S = 1_000_000_000L;
    private static final long TICK = S / 10;
    private static final CellLimits LIMITS = CellLimits.ncr18650pf();

    private final List<String> warnings = new ArrayList<>();
    private final BmsCanDecoder decoder = new BmsCanDecoder();

    private static PackFigures figures(PackState state, double charge, double discharge) {
        return new PackFigures(
                state,
                new CurrentLimits(charge, discharge),
                new double[] {0.5, 0.45, 0.5, 0.5},
                new double[] {2.9, 2.8, 2.9, 2.9},
                14.8,
                -2.0,
                3.6,
                3.8,
                27.0,
                Map.of());
    }

    private CanReporter reporter(EmulatedCanBus bus, BmsCanVariant variant) {
        return new CanReporter(bus.iface(), bus::node, variant, LIMITS, 4, 2.9, warnings::add, 0);
    }

    private List<CanFrame> drain(CanBus node) throws Exception {
        List<CanFrame> out = new ArrayList<>();
        for (CanFrame f = node.receive(Duration.ZERO); f != null; f = node.receive(Duration.ZERO)) {
            out.add(f);
        }
        return out;
    }

    private BmsCanMessage.Limits limits(List<CanFrame> frames) {
        return frames.stream()
                .map(decoder::decode)
                .filter(BmsCanMessage.Limits.class::isInstance)
                .map(BmsCanMessage.Limits.class::cast)
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void reportsOnceASecondAndAtOnceWhenALimitFalls() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-reporter-period");
        try (CanBus inverter = bus.node();
                CanReporter r = reporter(bus, BmsCanVariant.VICTRON)) {
            for (long t = 0; t < 3 * S; t += TICK) {
                r.tick(t, figures(PackState.NORMAL, 1.45, 10));
            }
            List<CanFrame> sent = drain(inverter);
            assertThat(sent).hasSize(3 * 7);
            BmsCanMessage.Limits l = limits(sent);
            // The pack's 14.8 V plus the fullest cell's 0.4 V headroom (3.8 V against 4.2 V).
            assertThat(l.chargeVoltageLimitV()).isCloseTo(15.2, within(1e-9));
            assertThat(l.chargeCurrentLimitA()).as("1.45 A rounded down").isCloseTo(1.4, within(1e-9));
            assertThat(sent.stream().map(decoder::decode)).contains(new BmsCanMessage.Requests(true, true, false));
            // A cold pack: the charge limit falls mid-second and goes out on that tick.
            r.tick(3 * S + TICK, figures(PackState.NORMAL, 0.3, 10));
            assertThat(limits(drain(inverter)).chargeCurrentLimitA()).isCloseTo(0.3, within(1e-9));
            assertThat(r.statistics().framesSent()).isEqualTo(4 * 7);
        }
    }

    /** Before the contactors open, the inverter is told: both limits 0 and nothing enabled. */
    @Test
    void stopInverterSendsZeroLimitsOnce() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-reporter-stop");
        try (CanBus inverter = bus.node();
                CanReporter r = reporter(bus, BmsCanVariant.VICTRON)) {
            r.tick(0, figures(PackState.NORMAL, 1.45, 10));
            drain(inverter);
            r.stopInverter(TICK);
            List<CanFrame> sent = drain(inverter);
            assertThat(limits(sent).chargeCurrentLimitA()).isZero();
            assertThat(limits(sent).dischargeCurrentLimitA()).isZero();
            assertThat(sent.stream().map(decoder::decode)).contains(new BmsCanMessage.Requests(false, false, false));
            r.stopInverter(2 * TICK);
            assertThat(drain(inverter)).isEmpty();
        }
    }

    @Test
    void garbageFramesAreCountedAndLoggedBoundedNeverThrown() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-reporter-garbage");
        try (CanBus other = bus.node();
                CanReporter r = reporter(bus, BmsCanVariant.VICTRON)) {
            for (int i = 0; i < 20; i++) {
                other.send(new CanFrame(0x351, new byte[] {1, 2, 3}, 0));
                other.send(new CanFrame(0x123, new byte[] {(byte) i}, 0));
            }
            for (long t = 0; t < 2 * TICK; t += TICK) {
                r.tick(t, figures(PackState.NORMAL, 1.45, 10));
            }
            assertThat(r.statistics().malformed()).isEqualTo(20);
            assertThat(r.statistics().unknown()).isEqualTo(20);
            // Logged at 1, 2, 4, 8 and 16 of each: ten lines for forty frames.
            assertThat(warnings).hasSize(10);
            assertThat(warnings.getFirst())
                    .isEqualTo("test-reporter-garbage: malformed frame 351 [3] 01 02 03 ignored:"
                            + " 0x351 has 3 data bytes, expected 6 or 8 (1 so far)");
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains("id 0x123 is not the BMS protocol's"));
        }
    }

    /** A flood cannot make one tick read more than its share: the rest waits in the node's bounded buffer. */
    @Test
    void aFloodIsReadAtMostThirtyTwoFramesATick() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-reporter-flood");
        try (CanBus flooder = bus.node();
                CanReporter r = reporter(bus, BmsCanVariant.VICTRON)) {
            for (int i = 0; i < 10_000; i++) {
                flooder.send(new CanFrame(0x7FF, new byte[8], 0));
            }
            r.tick(0, figures(PackState.NORMAL, 1.45, 10));
            assertThat(r.statistics().framesReceived()).isEqualTo(CanReporter.MAX_FRAMES_PER_TICK);
            assertThat(r.linkLost()).isFalse();
        }
    }

    @Test
    void aMissingPylontechKeepAliveLosesTheLinkAndItsReturnRestoresIt() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-reporter-keepalive");
        try (CanBus inverter = bus.node();
                CanReporter r = reporter(bus, BmsCanVariant.PYLONTECH)) {
            long t = 0;
            for (; t <= 10 * S; t += TICK) {
                r.tick(t, figures(PackState.NORMAL, 1.45, 10));
            }
            assertThat(r.linkLost()).isFalse();
            r.tick(t, figures(PackState.NORMAL, 1.45, 10));
            assertThat(r.linkLost()).isTrue();
            assertThat(r.conditions()).containsExactly(FaultId.INVERTER_LINK);
            inverter.send(new CanFrame(0x305, new byte[8], 0));
            r.tick(t + TICK, figures(PackState.NORMAL, 1.45, 10));
            assertThat(r.linkLost()).isFalse();
            assertThat(r.conditions()).isEmpty();
            assertThat(warnings)
                    .containsExactly(
                            "test-reporter-keepalive: inverter link lost (no keep-alive for 10 s)",
                            "test-reporter-keepalive: inverter link back");
        }
    }

    /** A shorted bus: link lost at once, a restart tried once a second, and the link back when the short goes. */
    @Test
    void busOffIsRestartedOnceASecondUntilItClears() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-reporter-busoff");
        try (CanReporter r = reporter(bus, BmsCanVariant.VICTRON)) {
            r.tick(0, figures(PackState.NORMAL, 1.45, 10));
            bus.shortCircuit(true);
            long t = S;
            r.tick(t, figures(PackState.NORMAL, 1.45, 10));
            assertThat(r.linkLost()).isTrue();
            for (t += TICK; t < 4 * S; t += TICK) {
                r.tick(t, figures(PackState.NORMAL, 1.45, 10));
            }
            assertThat(r.statistics().restarts()).isEqualTo(3);
            assertThat(r.linkLost()).isTrue();
            bus.shortCircuit(false);
            for (; t < 6 * S; t += TICK) {
                r.tick(t, figures(PackState.NORMAL, 1.45, 10));
            }
            assertThat(r.linkLost()).isFalse();
            assertThat(r.statistics().sendFailures()).isPositive();
        }
    }

    /**
     * The loop through the bus: a cold pack's charge limit falls from 1.45 A to 0.3 A between two
     * reports; the inverter emulator charging at 1.4 A is down to the new limit within 2 s.
     */
    @Test
    void theInverterFollowsACutChargeLimitWithinTwoSeconds() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-reporter-loop");
        try (CanReporter r = reporter(bus, BmsCanVariant.VICTRON);
                InverterEmulator inverter = new InverterEmulator(bus.node(), BmsCanVariant.VICTRON)) {
            long t = 0;
            for (; t < 5 * S + S / 2; t += TICK) {
                r.tick(t, figures(PackState.NORMAL, 1.45, 10));
                inverter.advanceTo(t / 1e9, 1.45);
            }
            assertThat(inverter.currentA()).isCloseTo(1.4, within(0.01));
            long cut = t;
            long followed = -1;
            for (; t < cut + 4 * S; t += TICK) {
                r.tick(t, figures(PackState.NORMAL, 0.3, 10));
                inverter.advanceTo(t / 1e9, 1.45);
                if (followed < 0 && inverter.currentA() <= 0.3 * 1.05) {
                    followed = t;
                }
            }
            assertThat(followed).isPositive();
            assertThat((followed - cut) / 1e9).isLessThan(2.0);
        }
    }

    @Test
    void figuresBecomeTheReportAtEachPackState() {
        PackFigures normal = figures(PackState.NORMAL, 1.45, 10);
        var report = normal.report(LIMITS, 4, 2.9, "HealBMS");
        assertThat(report.soc()).isEqualTo(0.45);
        assertThat(report.soh()).isCloseTo(2.8 / 2.9, within(1e-12));
        // The pack's 14.8 V plus the fullest cell's headroom; minus the emptiest cell's 1.1 V above 2.5 V.
        assertThat(report.chargeVoltageLimitV()).isCloseTo(15.2, within(1e-12));
        assertThat(report.dischargeVoltageLimitV()).isCloseTo(13.7, within(1e-12));
        assertThat(report.chargeEnable() && report.dischargeEnable() && report.online())
                .isTrue();
        PackFigures fault = new PackFigures(
                PackState.FAULT,
                CurrentLimits.NONE,
                new double[] {0.5},
                new double[] {2.9},
                14.8,
                0,
                4.3,
                4.35,
                27,
                Map.of(FaultId.CELL_OVERVOLTAGE, Severity.OPEN_CONTACTORS));
        var faulted = fault.report(LIMITS, 4, 2.9, "HealBMS");
        assertThat(faulted.chargeEnable() || faulted.dischargeEnable() || faulted.online())
                .isFalse();
        assertThat(faulted.chargeCurrentLimitA()).isZero();
        assertThat(faulted.alarms()).hasSize(1);
    }
}
