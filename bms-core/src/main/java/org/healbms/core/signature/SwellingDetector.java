package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Irreversible swelling: the can's strain at the same state of charge and temperature creeping up
 * over cycles (the SEI-growth sign of Louli and Dahn). Strain breathes reversibly with SoC and
 * temperature, so each cell keeps a baseline per (SoC, temperature) bin, learned from its first
 * {@value #BASELINE_SAMPLES} samples there; the residual against the bin's baseline is smoothed
 * (time constant {@link #SMOOTHING_S}) and must stay above the threshold for the persistence time.
 */
public final class SwellingDetector implements SignatureDetector {

    static final double SOC_BIN = 0.1;
    static final double TEMPERATURE_BIN_K = 5.0;
    static final int BASELINE_SAMPLES = 60;
    static final double SMOOTHING_S = 600.0;
    static final double ACTIVATE_STRAIN = 150e-6;
    static final double CLEAR_STRAIN = 100e-6;
    /** 500 microstrain of irreversible growth is full severity. */
    static final double FULL_SEVERITY_STRAIN = 500e-6;

    private final ByCell<Swell> swells;

    /** A cell's baselines by (SoC, temperature) bin, its smoothed residual (NaN: none yet) and when, its condition. */
    private static final class Swell {
        /** Per bin: the running mean strain and the samples in it. */
        final Map<Long, double[]> baselines = new HashMap<>();

        double smoothed = Double.NaN;
        long smoothedAt = Long.MIN_VALUE;
        final PersistentCondition condition;

        Swell(PersistentCondition condition) {
            this.condition = condition;
        }
    }

    /**
     * A cell's state: its baselines by bin (in bin order), its smoothed residual (NaN: none yet) and
     * when it was last smoothed ({@code Long.MIN_VALUE}: never), and its condition.
     */
    public record Cell(
            List<Bin> bins, double smoothedStrain, long smoothedAtNanos, PersistentCondition.State condition) {

        public Cell {
            bins = List.copyOf(bins);
        }
    }

    /** One (SoC, temperature) bin's baseline: the running mean strain over the samples so far. */
    public record Bin(long bin, double meanStrain, double samples) {}

    public SwellingDetector(long persistNanos) {
        this.swells =
                new ByCell<>(cell -> new Swell(new PersistentCondition(ACTIVATE_STRAIN, CLEAR_STRAIN, persistNanos)));
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.IRREVERSIBLE_SWELLING;
    }

    /** Each cell's state, by cell number up to the highest seen: what {@link #restore} continues from. */
    public List<Cell> snapshot() {
        return swells.snapshot(w -> {
            List<Bin> bins = new ArrayList<>(w.baselines.size());
            w.baselines.forEach((bin, b) -> bins.add(new Bin(bin, b[0], b[1])));
            bins.sort(Comparator.comparingLong(Bin::bin));
            return new Cell(bins, w.smoothed, w.smoothedAt, w.condition.snapshot());
        });
    }

    /** Continues from a {@link #snapshot}, as the detector it was taken of would have. */
    public void restore(List<Cell> cells) {
        swells.restore(cells, (w, c) -> {
            w.baselines.clear();
            for (Bin b : c.bins()) {
                w.baselines.put(b.bin(), new double[] {b.meanStrain(), b.samples()});
            }
            w.smoothed = c.smoothedStrain();
            w.smoothedAt = c.smoothedAtNanos();
            w.condition.restore(c.condition());
        });
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        // Most ticks find nothing: the empty list then costs nothing (the firmware ticks allocation-free).
        List<DegradationSignature> active = List.of();
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            if (!Double.isFinite(c.strain()) || !Double.isFinite(c.soc()) || !Double.isFinite(c.temperatureDegC())) {
                continue;
            }
            long bin = Math.round(c.soc() / SOC_BIN) * 1000 + Math.round(c.temperatureDegC() / TEMPERATURE_BIN_K);
            Swell cell = swells.of(c.cell());
            double[] b = cell.baselines.computeIfAbsent(bin, key -> new double[2]);
            if (b[1] < BASELINE_SAMPLES) {
                b[0] += (c.strain() - b[0]) / (b[1] + 1); // running mean
                b[1]++;
                continue;
            }
            double residual = c.strain() - b[0];
            if (Double.isNaN(cell.smoothed)) {
                cell.smoothed = residual;
            }
            long last = cell.smoothedAt;
            cell.smoothedAt = nowNanos;
            double dt = last == Long.MIN_VALUE ? 0 : (nowNanos - last) / 1e9;
            cell.smoothed += (residual - cell.smoothed) * (1 - Math.exp(-Math.max(dt, 0) / SMOOTHING_S));
            double smoothed = cell.smoothed;
            PersistentCondition condition = cell.condition;
            if (condition.update(smoothed, nowNanos)) {
                if (active.isEmpty()) {
                    active = new ArrayList<>();
                }
                active.add(new DegradationSignature(
                        kind(),
                        c.cell(),
                        Math.clamp(smoothed / FULL_SEVERITY_STRAIN, 0, 1),
                        Math.clamp(smoothed / (2 * ACTIVATE_STRAIN), 0, 1),
                        "strain %.0f microstrain above its baseline at SoC %.0f %%, %.0f degC"
                                .formatted(smoothed * 1e6, 100 * c.soc(), c.temperatureDegC()),
                        condition.activeSince()));
            }
        }
        return active;
    }
}
