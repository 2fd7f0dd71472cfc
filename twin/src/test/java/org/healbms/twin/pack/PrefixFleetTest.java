package org.healbms.twin.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.healbms.core.cell.CellParameters;
import org.healbms.twin.SyntheticFleet;
import org.junit.jupiter.api.Test;

class PrefixFleetTest {

    private static final CellParameters CELL = SyntheticFleet.cell();

    private static PackModel cells(int n) {
        return new PackModel(CELL, n, 0.5, TwinStateBytesTest.LIFE);
    }

    @Test
    void thePacksDesignIsTheLongestPrefixItsIdStartsWith() {
        PackModel ev = cells(96);
        PackModel evLong = cells(192);
        PackModel storage = cells(16);
        Fleet fleet = new PrefixFleet(Map.of("ev-", ev, "ev-long-", evLong, "storage-", storage));
        assertThat(fleet.model("ev-17")).isSameAs(ev);
        assertThat(fleet.model("ev-long-3")).isSameAs(evLong);
        assertThat(fleet.model("storage-1")).isSameAs(storage);
        assertThat(fleet.model("scooter-9")).as("no design: not in the fleet").isNull();
        assertThat(new PrefixFleet(Map.of("", storage, "ev-", ev)).model("scooter-9"))
                .isSameAs(storage);
    }
}
