package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ohmic resistance rising beyond its baseline. The baseline is the cell's own: the tracked
 * resistance scale once its bound has settled (1σ below {@value #SETTLED_SIGMA}), so a cell file
 * that is off by a few percent for this cell does not read as ageing. The metric is the lower
 * 2σ bound of the ratio to baseline: it fires on growth the tracker is sure of, not on its noise.
 */
public final class ResistanceGrowthDetector implements SignatureDetector {

    static final double SETTLED_SIGMA = 0.05;
    static final double ACTIVATE_RATIO = 1.2;
    static final double CLEAR_RATIO = 1.1;
    /** At 50 % growth the signature is at full severity (a common end-of-life criterion is 100 %). */
    static final double FULL_SEVERITY_GROWTH = 0.5;

    private final long persistNanos;
    private final Map<Integer, Double> baseline = new HashMap<>();
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();

    public ResistanceGrowthDetector(long persistNanos) {
        this.persistNanos = persistNanos;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.RESISTANCE_GROWTH;
    }

    /** The baseline of a cell, or NaN before it has settled. */
    public double baseline(int cell) {
        return baseline.getOrDefault(cell, Double.NaN);
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        List<DegradationSignature> active = new ArrayList<>();
        for (CellObservation c : cells) {
            double scale = c.resistanceScale();
            double sigma = c.resistanceScaleSigma();
            if (!Double.isFinite(scale) || !Double.isFinite(sigma)) {
                continue;
            }
            if (!baseline.containsKey(c.cell())) {
                if (sigma < SETTLED_SIGMA) {
                    baseline.put(c.cell(), scale);
                }
                continue;
            }
            double base = baseline.get(c.cell());
            double lowerRatio = (scale - 2 * sigma) / base;
            PersistentCondition condition = conditions.computeIfAbsent(c.cell(),
                    k -> new PersistentCondition(ACTIVATE_RATIO, CLEAR_RATIO, persistNanos));
            if (condition.update(lowerRatio, nowNanos)) {
                double growth = scale / base - 1;
                double z = (scale - base) / sigma;
                active.add(new DegradationSignature(kind(), c.cell(), Math.clamp(growth / FULL_SEVERITY_GROWTH, 0, 1),
                        Math.clamp(z / 3, 0, 1), "R0 %.2f x baseline (%.2f +- %.2f of the cell file's, baseline %.2f)"
                                .formatted(scale / base, scale, sigma, base), condition.activeSince()));
            }
        }
        return active;
    }
}
