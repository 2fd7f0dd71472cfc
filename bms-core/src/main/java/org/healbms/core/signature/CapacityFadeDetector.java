package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.List;

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

    private final double ratedCapacityAh;
    private final ByCell<Fade> fades;

    /** A cell's first capacity seen and when, and its condition. */
    private static final class Fade {
        double firstCapacityAh = Double.NaN;
        long firstAt;
        final PersistentCondition condition;

        Fade(PersistentCondition condition) {
            this.condition = condition;
        }
    }

    public CapacityFadeDetector(long persistNanos, double ratedCapacityAh) {
        this.ratedCapacityAh = ratedCapacityAh;
        this.fades = new ByCell<>(cell -> new Fade(new PersistentCondition(ACTIVATE_FADE, CLEAR_FADE, persistNanos)));
    }

    /**
     * A cell's state: the first capacity the detector saw of it (NaN: none yet) and when, and its condition.
     */
    public record Cell(double firstCapacityAh, long firstAtNanos, PersistentCondition.State condition) {}

    /** Each cell's state, by cell number up to the highest seen: what {@link #restore} continues from. */
    public List<Cell> snapshot() {
        return fades.snapshot(f -> new Cell(f.firstCapacityAh, f.firstAt, f.condition.snapshot()));
    }

    /** Continues from a {@link #snapshot}, as the detector it was taken of would have. */
    public void restore(List<Cell> cells) {
        fades.restore(cells, (f, c) -> {
            f.firstCapacityAh = c.firstCapacityAh();
            f.firstAt = c.firstAtNanos();
            f.condition.restore(c.condition());
        });
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.CAPACITY_FADE;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        // Most ticks find nothing: the empty list then costs nothing (the firmware ticks allocation-free).
        List<DegradationSignature> active = List.of();
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            if (!Double.isFinite(c.capacityAh())) {
                continue;
            }
            Fade cell = fades.of(c.cell());
            if (Double.isNaN(cell.firstCapacityAh)) {
                cell.firstCapacityAh = c.capacityAh();
                cell.firstAt = nowNanos;
            }
            double fade = 1 - c.capacityAh() / ratedCapacityAh;
            PersistentCondition condition = cell.condition;
            if (condition.update(fade, nowNanos)) {
                double hours = (nowNanos - cell.firstAt) / 3.6e12;
                double ratePerHour = hours > 0 ? (cell.firstCapacityAh - c.capacityAh()) / ratedCapacityAh / hours : 0;
                if (active.isEmpty()) {
                    active = new ArrayList<>();
                }
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
