package org.healbms.healing.thermal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HeaterSafetyTest {

    /** On the wall clock: a duty not refreshed within the timeout is switched off by the watchdog itself. */
    @Test
    void theWatchdogTurnsAnUnrefreshedHeaterOff() throws Exception {
        AtomicReference<Double> output = new AtomicReference<>(0.0);
        // A timeout well above the refresh period, so a busy machine's slow wake-ups do not trip it.
        try (HeaterWatchdog watchdog = new HeaterWatchdog(output::set, Duration.ofMillis(500))) {
            for (int k = 0; k < 10; k++) {
                watchdog.setDuty(0.6);
                Thread.sleep(20);
            }
            assertThat(output.get()).isEqualTo(0.6);
            assertThat(watchdog.tripped()).isFalse();
            long deadline = System.nanoTime() + 5_000_000_000L; // the control loop "hangs"
            while (output.get() != 0.0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(output.get()).isZero();
            assertThat(watchdog.tripped()).isTrue();
            watchdog.setDuty(0.3); // a live loop takes over again
            assertThat(output.get()).isEqualTo(0.3);
        }
        assertThat(output.get()).isZero(); // closed: off
    }

    @Test
    void antiWindupKeepsTheIntegralFromOvershootingAfterSaturation() {
        PiTemperatureController pi = new PiTemperatureController(0.08, 0.0008);
        // Twenty minutes far below the setpoint at full output: the integral must not keep growing.
        for (int k = 0; k < 1200; k++) {
            assertThat(pi.update(70, 30, 1.0)).isEqualTo(1.0);
        }
        // At the setpoint the output drops at once instead of staying saturated while it unwinds.
        assertThat(pi.update(70, 70.5, 1.0)).isLessThan(0.2);
    }

    @Test
    void verificationNeedsAChangeBeyondTheNoise() {
        assertThat(Verification.score(1.40, 0.02, 1.10, 0.02, true)).isEqualTo(Verification.Outcome.IMPROVED);
        assertThat(Verification.score(1.40, 0.02, 1.38, 0.02, true)).isEqualTo(Verification.Outcome.UNCHANGED);
        assertThat(Verification.score(2.80, 0.02, 2.60, 0.02, false)).isEqualTo(Verification.Outcome.WORSE);
        // A side never measured is no evidence of a change.
        assertThat(Verification.score(1.40, 0.02, Double.NaN, Double.NaN, true))
                .isEqualTo(Verification.Outcome.UNCHANGED);
        // Beyond two tight 1σ but under the least change the comparison resolves: none.
        assertThat(Verification.score(0.952, 0.001, 0.958, 0.001, true)).isEqualTo(Verification.Outcome.WORSE);
        assertThat(Verification.score(0.952, 0.001, 0.956, 0.001, true, 0.005))
                .isEqualTo(Verification.Outcome.UNCHANGED);
        assertThat(Verification.score(0.952, 0.001, 0.958, 0.001, true, 0.005)).isEqualTo(Verification.Outcome.WORSE);
        assertThat(Verification.score(0.952, 0.001, 0.940, 0.001, true, 0.005))
                .isEqualTo(Verification.Outcome.IMPROVED);
        RuleEfficacy efficacy = new RuleEfficacy();
        efficacy.record("heal", Verification.Outcome.IMPROVED);
        efficacy.record("heal", Verification.Outcome.UNCHANGED);
        efficacy.recordAbort("heal");
        assertThat(efficacy.successRate("heal")).isEqualTo(0.5);
        assertThat(efficacy.aborts("heal")).isEqualTo(1);
        assertThat(efficacy.successRate("other")).isNaN();
    }
}
