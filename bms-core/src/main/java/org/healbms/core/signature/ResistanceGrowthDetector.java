package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ohmic resistance rising beyond its baseline. The baseline is the cell's own: the mean of the
 * tracked resistance scale over its first {@code baselineWindow} with a settled bound (1σ below
 * {@value #SETTLED_SIGMA}), so neither the tracker's start-up transient nor a cell file that is off
 * by a few percent for this cell reads as ageing. The metric is the lower
 * 2σ bound of the ratio to baseline: it fires on growth the tracker is sure of, not on its noise.
 */
public final class ResistanceGrowthDetector implements SignatureDetector {

    static final double SETTLED_SIGMA = 0.05;
    static final double ACTIVATE_RATIO = 1.2;
    static final double CLEAR_RATIO = 1.1;
    /** At 50 % growth the signature is at full severity (a common end-of-life criterion is 100 %). */
    static final double FULL_SEVERITY_GROWTH = 0.5;

    private final long persistNanos;
    private final long baselineWindowNanos;
    private final Map<Integer, Double> baseline = new HashMap<>();
    private final Map<Integer, double[]> learning = new HashMap<>(); // {sum, count}
    private final Map<Integer, Long> learningSince = new HashMap<>();
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();

    public ResistanceGrowthDetector(long persistNanos, long baselineWindowNanos) {
        this.persistNanos = persistNanos;
        this.baselineWindowNanos = baselineWindowNanos;
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
                    double[] l = learning.computeIfAbsent(c.cell(), k -> new double[2]);
                    long since = learningSince.computeIfAbsent(c.cell(), k -> nowNanos);
                    l[0] += scale;
                    l[1]++;
                    if (nowNanos - since >= baselineWindowNanos) {
                        baseline.put(c.cell(), l[0] / l[1]);
                    }
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
