package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    private final long persistNanos;
    private final double nominalCapacityAh;
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();
    private final Map<Integer, Double> averageCurrent = new HashMap<>();
    private final Map<Integer, Long> lastNanos = new HashMap<>();

    public PlatingRiskDetector(long persistNanos, double nominalCapacityAh) {
        this.persistNanos = persistNanos;
        this.nominalCapacityAh = nominalCapacityAh;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.PLATING_RISK;
    }

    /** The charge current, A, the cell takes without plating risk at this temperature. */
    public double safeChargeCurrentA(double temperatureDegC, double capacityAh) {
        double fraction = Math.clamp((temperatureDegC - COLD_DEGC) / (WARM_DEGC - COLD_DEGC), 0, 1);
        return SAFE_C_RATE_WARM * fraction * capacityAh;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        List<DegradationSignature> active = new ArrayList<>();
        for (CellObservation c : cells) {
            if (!Double.isFinite(c.currentA()) || !Double.isFinite(c.temperatureDegC())) {
                continue;
            }
            double capacity = Double.isFinite(c.capacityAh()) ? c.capacityAh() : nominalCapacityAh;
            double safe = safeChargeCurrentA(c.temperatureDegC(), capacity);
            Long last = lastNanos.put(c.cell(), nowNanos);
            double dt = last == null ? 0 : (nowNanos - last) / 1e9;
            double avg = averageCurrent.getOrDefault(c.cell(), 0.0);
            avg += (c.currentA() - avg) * (1 - Math.exp(-Math.max(dt, 0) / AVERAGING_S));
            averageCurrent.put(c.cell(), avg);
            // Charging below 0 degC has no safe rate: any sustained charge current is a risk.
            double ratio = avg <= 0.01 * capacity ? 0 : avg / Math.max(safe, 1e-3 * capacity);
            PersistentCondition condition =
                    conditions.computeIfAbsent(c.cell(), k -> new PersistentCondition(1.0, 0.8, persistNanos));
            if (condition.update(ratio, nowNanos)) {
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
