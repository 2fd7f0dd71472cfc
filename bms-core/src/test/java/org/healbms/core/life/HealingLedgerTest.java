package org.healbms.core.life;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HealingLedgerTest {

    @Test
    void eachVerdictGoesToTheNewestPendingActionOfItsRuleOnItsCell() {
        HealingLedger ledger = new HealingLedger();
        ledger.acted(1000, 2, "ct-growth", "thermal_activation", true, true);
        ledger.acted(2000, 3, "ct-growth", "thermal_activation", true, true);
        ledger.acted(3000, 2, "hot", "alert", true, false);
        ledger.acted(4000, 2, "ct-growth", "thermal_activation", false, true);
        ledger.judged(2, "ct-growth", "improved");
        ledger.judgedAgain(2, "ct-growth", "eis", "unchanged");
        assertThat(ledger.entries())
                .extracting(HealingEntry::verdict)
                .containsExactly(
                        "improved; eis unchanged", HealingEntry.PENDING, HealingEntry.NOT_JUDGED, "not_carried_out");
        assertThat(ledger.tallies())
                .isEqualTo(Map.of(
                        "ct-growth",
                        Map.of("acted", 3L, "improved", 1L, "not_carried_out", 1L),
                        "ct-growth/eis",
                        Map.of("unchanged", 1L),
                        "hot",
                        Map.of("acted", 1L)));
    }

    @Test
    void theOldestEntriesGoFirstButTheTalliesKeepEveryAction() {
        HealingLedger ledger = new HealingLedger();
        for (int i = 0; i < HealingLedger.CAPACITY + 10; i++) {
            ledger.acted(i, 1, "derate", "derate", true, false);
        }
        assertThat(ledger.entries()).hasSize(HealingLedger.CAPACITY);
        assertThat(ledger.entries().getFirst().epochMs()).isEqualTo(10);
        assertThat(ledger.tallies().get("derate").get("acted")).isEqualTo(HealingLedger.CAPACITY + 10L);
        HealingLedger restored = new HealingLedger();
        restored.restore(ledger.entries(), ledger.tallies());
        assertThat(restored.entries()).isEqualTo(ledger.entries());
        assertThat(restored.tallies()).isEqualTo(ledger.tallies());
    }
}
