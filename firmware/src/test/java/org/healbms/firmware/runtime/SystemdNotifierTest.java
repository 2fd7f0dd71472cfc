package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemdNotifierTest {

    @Test
    void outsideSystemdItStaysQuiet() {
        SystemdNotifier n = new SystemdNotifier(Map.of());
        assertThat(n.enabled()).isFalse();
        assertThat(n.tick(0)).isFalse();
    }

    /** WatchdogSec=10 gives WATCHDOG_USEC=10000000: the loop pets every 5 s of its own ticks. */
    @Test
    void petsAtHalfTheWatchdogPeriodFromTheLoopsTicks() {
        SystemdNotifier n =
                new SystemdNotifier(Map.of("NOTIFY_SOCKET", "/nonexistent/notify", "WATCHDOG_USEC", "10000000"));
        assertThat(n.petIntervalNanos()).isEqualTo(5_000_000_000L);
        assertThat(n.tick(1_000_000_000L)).isTrue();
        assertThat(n.tick(5_900_000_000L)).isFalse();
        assertThat(n.tick(6_000_000_000L)).isTrue();
    }
}
