package org.healbms.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoundSignaturesTest {

    private static DegradationSignature on(int cell) {
        return new DegradationSignature(SignatureKind.HOT_SPOT, cell, 0.5, 0.5, "warm", 0);
    }

    @Test
    void gathersEveryDetectorsSignaturesInOrderAndKeepsNoneAcrossAClear() {
        FoundSignatures found = new FoundSignatures();
        assertThat(found.addAll(List.of())).isFalse();
        assertThat(found.addAll(List.of(on(1), on(2)))).isTrue();
        assertThat(found.addAll(new ArrayList<>(List.of(on(3))))).isTrue();
        // Not a list: added as ArrayList adds any collection.
        assertThat(found.addAll(new LinkedHashSet<>(List.of(on(4))))).isTrue();
        assertThat(found).extracting(DegradationSignature::cell).containsExactly(1, 2, 3, 4);
        found.clear();
        found.addAll(List.of(on(5)));
        assertThat(found).extracting(DegradationSignature::cell).containsExactly(5);
    }
}
