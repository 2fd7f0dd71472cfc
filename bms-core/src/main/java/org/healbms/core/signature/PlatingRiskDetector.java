package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * Lithium-plating risk: charging harder than the cold anode can take. The safe charge rate falls
 * linearly from {@value #SAFE_C_RATE_WARM}C at {@value #WARM_DEGC} degC to zero at
 * {@value #COLD_DEGC} degC (graphite's intercalation kinetics slow steeply in the cold). The metric is
 * the charge current averaged over {@value #AVERAGING_S} s (a first-order filter) over that safe
 * current: plating follows the lithium that piles up at the anode surface over seconds to minutes,
 * so a few seconds of regenerative braking are not a risk, sustained charging is. It must stay
 * above 1 for the persistence time.
 */
public final class PlatingRiskDetector implements SignatureDetector {

    static final double SAFE_C_RATE_WARM = 1.0;
    static final double WARM_DEGC = 25.0;
    static final double AVERAGING_S = 30.0;
    static final double COLD_DEGC = 0.0;

    private final double nominalCapacityAh;
    private final ByCell<Charging> charging;

    /** A cell's charge current averaged over {@value #AVERAGING_S} s, and its condition. */
    private static final class Charging {
        long lastNanos = Long.MIN_VALUE;
        double averageCurrentA;
        final PersistentCondition condition;

        Charging(PersistentCondition condition) {
            this.condition = condition;
        }
    }

    public PlatingRiskDetector(long persistNanos, double nominalCapacityAh) {
        this.nominalCapacityAh = nominalCapacityAh;
        this.charging = new ByCell<>(cell -> new Charging(new PersistentCondition(1.0, 0.8, persistNanos)));
    }

    /**
     * A cell's state: when it was last seen ({@code Long.MIN_VALUE}: never), its averaged charge
     * current, and its condition.
     */
    public record Cell(long lastNanos, double averageCurrentA, PersistentCondition.State condition) {}

    /** Each cell's state, by cell number up to the highest seen: what {@link #restore} continues from. */
    public List<Cell> snapshot() {
        return charging.snapshot(c -> new Cell(c.lastNanos, c.averageCurrentA, c.condition.snapshot()));
    }

    /** Continues from a {@link #snapshot}, as the detector it was taken of would have. */
    public void restore(List<Cell> cells) {
        charging.restore(cells, (c, saved) -> {
            c.lastNanos = saved.lastNanos();
            c.averageCurrentA = saved.averageCurrentA();
            c.condition.restore(saved.condition());
        });
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.PLATING_RISK;
    }

    /** The charge current, A, the cell takes without plating risk at this temperature. */
    public static double safeChargeCurrentA(double temperatureDegC, double capacityAh) {
        double fraction = Math.clamp((temperatureDegC - COLD_DEGC) / (WARM_DEGC - COLD_DEGC), 0, 1);
        return SAFE_C_RATE_WARM * fraction * capacityAh;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        // Most ticks find nothing: the empty list then costs nothing (the firmware ticks allocation-free).
        List<DegradationSignature> active = List.of();
        for (int k = 0; k < cells.size(); k++) {
            CellObservation c = cells.get(k);
            if (!Double.isFinite(c.currentA()) || !Double.isFinite(c.temperatureDegC())) {
                continue;
            }
            double capacity = Double.isFinite(c.capacityAh()) ? c.capacityAh() : nominalCapacityAh;
            double safe = safeChargeCurrentA(c.temperatureDegC(), capacity);
            Charging cell = charging.of(c.cell());
            long last = cell.lastNanos;
            cell.lastNanos = nowNanos;
            double dt = last == Long.MIN_VALUE ? 0 : (nowNanos - last) / 1e9;
            double avg = cell.averageCurrentA;
            avg += (c.currentA() - avg) * (1 - Math.exp(-Math.max(dt, 0) / AVERAGING_S));
            cell.averageCurrentA = avg;
            // Charging below 0 degC has no safe rate: any sustained charge current is a risk.
            double ratio = avg <= 0.01 * capacity ? 0 : avg / Math.max(safe, 1e-3 * capacity);
            PersistentCondition condition = cell.condition;
            if (condition.update(ratio, nowNanos)) {
                if (active.isEmpty()) {
                    active = new ArrayList<>();
                }
                active.add(new DegradationSignature(
                        kind(),
                        c.cell(),
                        Math.clamp(ratio - 1, 0, 1),
                        Math.clamp(ratio / 2, 0, 1),
                        "charging at %.2f A (30 s mean) at %.1f degC, safe %.2f A"
                                .formatted(avg, c.temperatureDegC(), safe),
                        condition.activeSince()));
            }
        }
        return active;
    }
}
