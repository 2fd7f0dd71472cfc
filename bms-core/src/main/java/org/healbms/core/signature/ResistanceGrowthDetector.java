package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ohmic resistance rising beyond its baseline. The baseline is the cell's own, per band of state of
 * charge ({@value #SOC_BAND} wide): the mean of the tracked resistance scale over the first
 * {@code baselineWindow} of time the cell spends in that band with a settled bound (1σ below
 * {@value #SETTLED_SIGMA}). Per band, because how well the cell file's R0(SoC) fits this cell varies
 * with SoC (on the LG M50T HPPC test a single baseline read a 39 % "growth" between the top and the
 * bottom of the charge); the tracker's start-up transient and a cell file that is off for this cell
 * do not read as ageing either. The metric is the lower
 * 2σ bound of the ratio to baseline: it fires on growth the tracker is sure of, not on its noise.
 */
public final class ResistanceGrowthDetector implements SignatureDetector {

    static final double SETTLED_SIGMA = 0.05;
    static final double SOC_BAND = 0.2;
    static final double ACTIVATE_RATIO = 1.2;
    static final double CLEAR_RATIO = 1.1;
    /** At 50 % growth the signature is at full severity (a common end-of-life criterion is 100 %). */
    static final double FULL_SEVERITY_GROWTH = 0.5;

    private final long baselineWindowNanos;
    /** Keyed by cell·100 + SoC band. */
    private final Map<Integer, Double> baseline = new HashMap<>();

    private final Map<Integer, double[]> learning = new HashMap<>(); // {sum, count}
    private final Map<Integer, Long> learnedNanos = new HashMap<>();
    /** A gap longer than this (a stopped recording, a restart) does not count as time in the band. */
    private static final long MAX_STEP_NANOS = 10_000_000_000L;

    private final ByCell<Tracking> tracking;

    /** When a cell was last seen, and its condition. */
    private static final class Tracking {
        long lastSeen = Long.MIN_VALUE;
        final PersistentCondition condition;

        Tracking(PersistentCondition condition) {
            this.condition = condition;
        }
    }

    public ResistanceGrowthDetector(long persistNanos, long baselineWindowNanos) {
        this.baselineWindowNanos = baselineWindowNanos;
        this.tracking =
                new ByCell<>(cell -> new Tracking(new PersistentCondition(ACTIVATE_RATIO, CLEAR_RATIO, persistNanos)));
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.RESISTANCE_GROWTH;
    }

    /** The baseline of a cell at a SoC, or NaN before it has settled there. */
    public double baseline(int cell, double soc) {
        return baseline.getOrDefault(key(cell, soc), Double.NaN);
    }

    private static int key(int cell, double soc) {
        return cell * 100 + (int) Math.floor(Math.clamp(soc, 0, 0.999) / SOC_BAND);
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        List<DegradationSignature> active = new ArrayList<>();
        for (CellObservation c : cells) {
            double scale = c.resistanceScale();
            double sigma = c.resistanceScaleSigma();
            if (!Double.isFinite(scale) || !Double.isFinite(sigma) || !Double.isFinite(c.soc())) {
                continue;
            }
            int key = key(c.cell(), c.soc());
            Tracking cell = tracking.of(c.cell());
            long last = cell.lastSeen;
            cell.lastSeen = nowNanos;
            long step = last == Long.MIN_VALUE ? 0 : Math.clamp(nowNanos - last, 0, MAX_STEP_NANOS);
            PersistentCondition condition = cell.condition;
            if (!baseline.containsKey(key)) {
                if (sigma < SETTLED_SIGMA) {
                    double[] l = learning.computeIfAbsent(key, k -> new double[2]);
                    long learned = learnedNanos.merge(key, step, Long::sum);
                    l[0] += scale;
                    l[1]++;
                    if (learned >= baselineWindowNanos) {
                        baseline.put(key, l[0] / l[1]);
                    }
                }
                // No baseline in this band yet: no evidence either way, but an active signature stays.
                condition.update(Double.NaN, nowNanos);
                if (condition.active()) {
                    active.add(new DegradationSignature(
                            kind(),
                            c.cell(),
                            0.0,
                            0.0,
                            "active; no baseline yet at SoC %.0f %%".formatted(100 * c.soc()),
                            condition.activeSince()));
                }
                continue;
            }
            double base = baseline.get(key);
            double lowerRatio = (scale - 2 * sigma) / base;
            if (condition.update(lowerRatio, nowNanos)) {
                double growth = scale / base - 1;
                double z = (scale - base) / sigma;
                active.add(new DegradationSignature(
                        kind(),
                        c.cell(),
                        Math.clamp(growth / FULL_SEVERITY_GROWTH, 0, 1),
                        Math.clamp(z / 3, 0, 1),
                        "R0 %.2f x baseline (%.2f +- %.2f of the cell file's, baseline %.2f)"
                                .formatted(scale / base, scale, sigma, base),
                        condition.activeSince()));
            }
        }
        return active;
    }
}
