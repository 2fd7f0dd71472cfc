package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A local hot spot: one cell warmer than the median of the others by more than
 * {@value #ACTIVATE_K} K for the persistence time. The median, not the mean, so one hot cell does
 * not raise its own reference. Needs at least three cells with a temperature.
 */
public final class HotSpotDetector implements SignatureDetector {

    static final double ACTIVATE_K = 5.0;
    static final double CLEAR_K = 3.0;
    static final double FULL_SEVERITY_K = 15.0;

    private final ByCell<PersistentCondition> conditions;
    /** The finite temperatures of the last update, sorted; kept so an update allocates nothing. */
    private double[] sorted = new double[0];

    public HotSpotDetector(long persistNanos) {
        this.conditions = new ByCell<>(cell -> new PersistentCondition(ACTIVATE_K, CLEAR_K, persistNanos));
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.HOT_SPOT;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        if (sorted.length < cells.size()) {
            sorted = new double[cells.size()];
        }
        int n = 0;
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            if (Double.isFinite(c.temperatureDegC())) {
                sorted[n++] = c.temperatureDegC();
            }
        }
        if (n < 3) {
            return List.of();
        }
        // Sorted once: each cell's reference is then the median of the rest by index, not a sort per cell.
        Arrays.sort(sorted, 0, n);
        List<DegradationSignature> active = List.of();
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            if (!Double.isFinite(c.temperatureDegC())) {
                continue;
            }
            double others = medianWithout(sorted, n, c.temperatureDegC());
            double excess = c.temperatureDegC() - others;
            PersistentCondition condition = conditions.of(c.cell());
            if (condition.update(excess, nowNanos)) {
                if (active.isEmpty()) {
                    active = new ArrayList<>();
                }
                active.add(new DegradationSignature(
                        kind(),
                        c.cell(),
                        Math.clamp(excess / FULL_SEVERITY_K, 0, 1),
                        Math.clamp(excess / (2 * ACTIVATE_K), 0, 1),
                        "%.1f degC, %.1f K above the other cells' median %.1f degC"
                                .formatted(c.temperatureDegC(), excess, others),
                        condition.activeSince()));
            }
        }
        return active;
    }

    /** Each cell's condition, by cell number up to the highest seen: what {@link #restore} continues from. */
    public List<PersistentCondition.State> snapshot() {
        return conditions.snapshot(PersistentCondition::snapshot);
    }

    /** Continues from a {@link #snapshot}, as the detector it was taken of would have. */
    public void restore(List<PersistentCondition.State> cells) {
        conditions.restore(cells, PersistentCondition::restore);
    }

    /** The median of the first {@code n} sorted values with one value equal to {@code one} left out. */
    static double medianWithout(double[] sorted, int n, double one) {
        int skip = Arrays.binarySearch(sorted, 0, n, one);
        int m = n - 1;
        return m % 2 == 1
                ? without(sorted, skip, m / 2)
                : 0.5 * (without(sorted, skip, m / 2 - 1) + without(sorted, skip, m / 2));
    }

    /** Element {@code i} of the sorted values once element {@code skip} is taken out. */
    private static double without(double[] sorted, int skip, int i) {
        return sorted[i < skip ? i : i + 1];
    }
}
