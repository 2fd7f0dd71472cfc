package org.healbms.sim.device.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Set;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.canbms.BmsCanEncoder;
import org.healbms.drivers.canbms.BmsCanVariant;
import org.healbms.drivers.canbms.PackReport;
import org.junit.jupiter.api.Test;

/** The inverter emulator obeys 0x351 and 0x35C with its lag, and keeps the link alive where the variant does. */
class InverterEmulatorTest {

    private static void report(
            CanBus bms, BmsCanVariant variant, double ccl, double dcl, boolean charge, boolean discharge)
            throws Exception {
        PackReport r = new PackReport(
                16.8, ccl, dcl, 12, 0.5, 1, 14.8, 0, 25, Set.of(), Set.of(), true, charge, discharge, false, "HealBMS",
                1, 3);
        for (CanFrame f : new BmsCanEncoder(variant).encode(r, 0)) {
            bms.send(f);
        }
    }

    @Test
    void itsCurrentFollowsACutChargeLimitWithinTwoSeconds() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-inverter-cut");
        try (CanBus bms = bus.node();
                InverterEmulator inverter = new InverterEmulator(bus.node(), BmsCanVariant.VICTRON)) {
            double t = 0;
            report(bms, BmsCanVariant.VICTRON, 10, 10, true, true);
            for (; t < 3; t += 0.1) {
                inverter.advanceTo(t, 8.0);
            }
            assertThat(inverter.currentA()).isCloseTo(8.0, within(0.05));
            // A cold pack: the charge limit falls to 2 A; the inverter has not read it yet at the first step.
            report(bms, BmsCanVariant.VICTRON, 2, 10, true, true);
            double cutAt = t;
            double followedAt = Double.NaN;
            for (; t < cutAt + 3; t += 0.1) {
                inverter.advanceTo(t, 8.0);
                if (Double.isNaN(followedAt) && inverter.currentA() <= 2.0 * 1.05) {
                    followedAt = t;
                }
            }
            assertThat(followedAt - cutAt).isLessThan(2.0).isGreaterThan(0.5);
            assertThat(inverter.limitsA()).containsExactly(2.0, 10.0);
        }
    }

    @Test
    void disabledDischargeAndLostLimitsStopIt() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-inverter-stop");
        try (CanBus bms = bus.node();
                InverterEmulator inverter = new InverterEmulator(bus.node(), BmsCanVariant.VICTRON)) {
            report(bms, BmsCanVariant.VICTRON, 10, 10, true, false);
            for (double t = 0; t < 3; t += 0.1) {
                inverter.advanceTo(t, -5.0);
            }
            assertThat(inverter.currentA()).isCloseTo(0, within(1e-6));
            report(bms, BmsCanVariant.VICTRON, 10, 10, true, true);
            for (double t = 3; t < 5; t += 0.1) {
                inverter.advanceTo(t, -5.0);
            }
            assertThat(inverter.currentA()).isCloseTo(-5.0, within(0.05));
            // No 0x351 for over 3 s: the inverter stops.
            for (double t = 5; t < 10; t += 0.1) {
                inverter.advanceTo(t, -5.0);
            }
            assertThat(inverter.currentA()).isCloseTo(0, within(0.01));
        }
    }

    @Test
    void thePylontechVariantSendsItsKeepAliveEverySecond() throws Exception {
        EmulatedCanBus bus = EmulatedCanBus.named("test-inverter-keepalive");
        try (CanBus bms = bus.node();
                InverterEmulator inverter = new InverterEmulator(bus.node(), BmsCanVariant.PYLONTECH)) {
            for (int step = 0; step <= 30; step++) {
                inverter.advanceTo(step / 10.0, 0);
            }
            int keepAlives = 0;
            for (CanFrame f = bms.receive(Duration.ZERO); f != null; f = bms.receive(Duration.ZERO)) {
                assertThat(f.id()).isEqualTo(0x305);
                assertThat(f.data()).containsOnly(0);
                keepAlives++;
            }
            assertThat(keepAlives).isEqualTo(4);
        }
    }
}
