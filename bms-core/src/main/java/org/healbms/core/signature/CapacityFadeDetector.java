package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Capacity fade: the learned capacity below the rated one by more than {@value #ACTIVATE_FADE}
 * (clears under {@value #CLEAR_FADE}), held for the persistence time. Severity reaches 1 at 20 %
 * fade, the usual end of life; the evidence also gives the fade rate per hour of operation since the
 * signature's baseline, the first capacity the detector saw.
 */
public final class CapacityFadeDetector implements SignatureDetector {

    static final double ACTIVATE_FADE = 0.10;
    static final double CLEAR_FADE = 0.08;
    static final double END_OF_LIFE_FADE = 0.20;

    private final long persistNanos;
    private final double ratedCapacityAh;
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();
    private final Map<Integer, double[]> first = new HashMap<>(); // {capacity}
    private final Map<Integer, Long> firstAt = new HashMap<>();

    public CapacityFadeDetector(long persistNanos, double ratedCapacityAh) {
        this.persistNanos = persistNanos;
        this.ratedCapacityAh = ratedCapacityAh;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.CAPACITY_FADE;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        List<DegradationSignature> active = new ArrayList<>();
        for (CellObservation c : cells) {
            if (!Double.isFinite(c.capacityAh())) {
                continue;
            }
            first.putIfAbsent(c.cell(), new double[] {c.capacityAh()});
            firstAt.putIfAbsent(c.cell(), nowNanos);
            double fade = 1 - c.capacityAh() / ratedCapacityAh;
            PersistentCondition condition = conditions.computeIfAbsent(
                    c.cell(), k -> new PersistentCondition(ACTIVATE_FADE, CLEAR_FADE, persistNanos));
            if (condition.update(fade, nowNanos)) {
                double hours = (nowNanos - firstAt.get(c.cell())) / 3.6e12;
                double ratePerHour =
                        hours > 0 ? (first.get(c.cell())[0] - c.capacityAh()) / ratedCapacityAh / hours : 0;
                active.add(new DegradationSignature(
                        kind(),
                        c.cell(),
                        Math.clamp(fade / END_OF_LIFE_FADE, 0, 1),
                        Math.clamp((fade - CLEAR_FADE) / (ACTIVATE_FADE - CLEAR_FADE), 0, 1),
                        "capacity %.3f Ah, %.1f %% below rated; fading %.4f %% per hour of operation"
                                .formatted(c.capacityAh(), 100 * fade, 100 * ratePerHour),
                        condition.activeSince()));
            }
        }
        return active;
    }
}
