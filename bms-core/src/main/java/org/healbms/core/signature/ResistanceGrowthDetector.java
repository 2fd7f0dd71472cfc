package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    /** A gap longer than this (a stopped recording, a restart) does not count as time in the band. */
    private static final long MAX_STEP_NANOS = 10_000_000_000L;

    private static final int BANDS = 5;

    private final ByCell<Tracking> tracking;

    /** When a cell was last seen, its condition, and per SoC band its baseline or what is learnt of it. */
    private static final class Tracking {
        long lastSeen = Long.MIN_VALUE;
        final PersistentCondition condition;
        /** Per band: NaN until the baseline is learnt. */
        final double[] baseline = new double[BANDS];
        /** Per band while learning: the sum and count of settled scales, and the time spent settled there. */
        final double[] sum = new double[BANDS];

        final double[] count = new double[BANDS];
        final long[] learnedNanos = new long[BANDS];

        Tracking(PersistentCondition condition) {
            this.condition = condition;
            Arrays.fill(baseline, Double.NaN);
        }
    }

    /**
     * A cell's state: when it was last seen ({@code Long.MIN_VALUE}: never), its condition, and its
     * SoC bands from the lowest.
     */
    public record Cell(long lastSeenNanos, PersistentCondition.State condition, List<Band> bands) {

        public Cell {
            bands = List.copyOf(bands);
            if (bands.size() != BANDS) {
                throw new IllegalArgumentException("a cell has " + BANDS + " SoC bands, got " + bands.size());
            }
        }
    }

    /**
     * One SoC band of a cell: its baseline (NaN until learnt) and, while learning, the sum and count
     * of the settled scales and the time spent settled in the band.
     */
    public record Band(double baseline, double sum, double count, long learnedNanos) {}

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
        Tracking t = tracking.seen(cell);
        return t == null ? Double.NaN : t.baseline[band(soc)];
    }

    private static int band(double soc) {
        return (int) Math.floor(Math.clamp(soc, 0, 0.999) / SOC_BAND);
    }

    /** Each cell's state, by cell number up to the highest seen: what {@link #restore} continues from. */
    public List<Cell> snapshot() {
        return tracking.snapshot(t -> {
            List<Band> bands = new ArrayList<>(BANDS);
            for (int b = 0; b < BANDS; b++) {
                bands.add(new Band(t.baseline[b], t.sum[b], t.count[b], t.learnedNanos[b]));
            }
            return new Cell(t.lastSeen, t.condition.snapshot(), bands);
        });
    }

    /** Continues from a {@link #snapshot}, as the detector it was taken of would have. */
    public void restore(List<Cell> cells) {
        tracking.restore(cells, (t, c) -> {
            t.lastSeen = c.lastSeenNanos();
            t.condition.restore(c.condition());
            for (int b = 0; b < BANDS; b++) {
                Band band = c.bands().get(b);
                t.baseline[b] = band.baseline();
                t.sum[b] = band.sum();
                t.count[b] = band.count();
                t.learnedNanos[b] = band.learnedNanos();
            }
        });
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        // Most ticks find nothing: the empty list then costs nothing (the firmware ticks allocation-free).
        List<DegradationSignature> active = List.of();
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            double scale = c.resistanceScale();
            double sigma = c.resistanceScaleSigma();
            if (!Double.isFinite(scale) || !Double.isFinite(sigma) || !Double.isFinite(c.soc())) {
                continue;
            }
            int band = band(c.soc());
            Tracking cell = tracking.of(c.cell());
            long last = cell.lastSeen;
            cell.lastSeen = nowNanos;
            long step = last == Long.MIN_VALUE ? 0 : Math.clamp(nowNanos - last, 0, MAX_STEP_NANOS);
            PersistentCondition condition = cell.condition;
            if (Double.isNaN(cell.baseline[band])) {
                if (sigma < SETTLED_SIGMA) {
                    long learned = cell.learnedNanos[band] += step;
                    cell.sum[band] += scale;
                    cell.count[band]++;
                    if (learned >= baselineWindowNanos) {
                        cell.baseline[band] = cell.sum[band] / cell.count[band];
                    }
                }
                // No baseline in this band yet: no evidence either way, but an active signature stays.
                condition.update(Double.NaN, nowNanos);
                if (condition.active()) {
                    if (active.isEmpty()) {
                        active = new ArrayList<>();
                    }
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
            double base = cell.baseline[band];
            double lowerRatio = (scale - 2 * sigma) / base;
            if (condition.update(lowerRatio, nowNanos)) {
                double growth = scale / base - 1;
                double z = (scale - base) / sigma;
                if (active.isEmpty()) {
                    active = new ArrayList<>();
                }
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
