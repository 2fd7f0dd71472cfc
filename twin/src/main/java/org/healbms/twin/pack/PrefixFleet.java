package org.healbms.twin.pack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fleet of several pack designs told apart by the pack id's prefix ({@code ev-} for one design,
 * {@code storage-} for another): a pack's model is the one of the longest prefix its id starts
 * with; the empty prefix matches every pack. A pack no prefix matches is not in the fleet.
 */
public final class PrefixFleet implements Fleet {

    private final List<Map.Entry<String, PackModel>> longestFirst;

    public PrefixFleet(Map<String, PackModel> byPrefix) {
        if (byPrefix.isEmpty()) {
            throw new IllegalArgumentException("a fleet has at least one pack design");
        }
        List<Map.Entry<String, PackModel>> designs = new ArrayList<>();
        byPrefix.forEach((prefix, model) -> designs.add(Map.entry(prefix, Objects.requireNonNull(model, prefix))));
        designs.sort(Comparator.comparingInt(
                        (Map.Entry<String, PackModel> e) -> e.getKey().length())
                .reversed());
        this.longestFirst = List.copyOf(designs);
    }

    @Override
    public PackModel model(String packId) {
        for (Map.Entry<String, PackModel> design : longestFirst) {
            if (packId.startsWith(design.getKey())) {
                return design.getValue();
            }
        }
        return null;
    }
}
