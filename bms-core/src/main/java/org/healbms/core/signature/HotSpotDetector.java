package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A local hot spot: one cell warmer than the median of the others by more than
 * {@value #ACTIVATE_K} K for the persistence time. The median, not the mean, so one hot cell does
 * not raise its own reference. Needs at least three cells with a temperature.
 */
public final class HotSpotDetector implements SignatureDetector {

    static final double ACTIVATE_K = 5.0;
    static final double CLEAR_K = 3.0;
    static final double FULL_SEVERITY_K = 15.0;

    private final long persistNanos;
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();

    public HotSpotDetector(long persistNanos) {
        this.persistNanos = persistNanos;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.HOT_SPOT;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        List<DegradationSignature> active = new ArrayList<>();
        double[] temps = cells.stream()
                .mapToDouble(CellObservation::temperatureDegC)
                .filter(Double::isFinite)
                .sorted()
                .toArray();
        if (temps.length < 3) {
            return active;
        }
        for (CellObservation c : cells) {
            if (!Double.isFinite(c.temperatureDegC())) {
                continue;
            }
            double others = medianWithout(temps, c.temperatureDegC());
            double excess = c.temperatureDegC() - others;
            PersistentCondition condition = conditions.computeIfAbsent(
                    c.cell(), k -> new PersistentCondition(ACTIVATE_K, CLEAR_K, persistNanos));
            if (condition.update(excess, nowNanos)) {
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

    /**
     * The median of {@code sorted} with one {@code one} taken out, read off the sorted temperatures
     * (sorted once per update, not once per cell: the detector runs every tick).
     */
    private static double medianWithout(double[] sorted, double one) {
        int skip = 0;
        while (sorted[skip] != one) {
            skip++;
        }
        int n = sorted.length - 1;
        return n % 2 == 1
                ? without(sorted, skip, n / 2)
                : 0.5 * (without(sorted, skip, n / 2 - 1) + without(sorted, skip, n / 2));
    }

    /** Element {@code k} of {@code sorted} with the one at {@code skip} taken out. */
    private static double without(double[] sorted, int skip, int k) {
        return k < skip ? sorted[k] : sorted[k + 1];
    }
}
