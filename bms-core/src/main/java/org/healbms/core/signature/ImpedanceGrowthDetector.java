package org.healbms.core.signature;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.healbms.core.impedance.ImpedanceHistory;
import org.healbms.core.impedance.ImpedanceRecord;

/**
 * Impedance growth from EIS sweeps: a cell's charge-transfer resistance R_ct, or its ohmic
 * resistance R_ohmic, grown beyond its baseline, the first sweep the cell's
 * {@link ImpedanceHistory} holds under comparable conditions (within 0.1 of SoC and 5 K). Inside
 * that window R_ct is still brought to the baseline's temperature with an Arrhenius factor
 * (activation energy {@value #ACTIVATION_ENERGY_J_PER_MOL} J/mol, a typical value for the charge
 * transfer of graphite and NMC electrodes): 5 K is a factor of 1.4 in R_ct, while a 20 % error in
 * the activation energy costs 7 % there. R_ohmic is compared as measured: it changes about
 * 0.2 %/K (20.8 mΩ at 25 °C, 22 at 0 °C on the Panasonic NCR18650PF spectra).
 *
 * <p>Fed once per accepted sweep, not per tick: the minimum persistence counts comparable sweeps
 * (growth above {@value #ACTIVATE_GROWTH} on that many in a row fires it, below
 * {@value #CLEAR_GROWTH} on as many clears it), so one noisy sweep or a fit that took part of the
 * arc for diffusion does not fire it. A sweep with no comparable baseline is no evidence either way.
 */
public final class ImpedanceGrowthDetector {

    static final double ACTIVATE_GROWTH = 0.25;
    static final double CLEAR_GROWTH = 0.15;
    /** Resistance doubled, the usual end-of-life criterion for power fade: full severity. */
    static final double FULL_SEVERITY_GROWTH = 1.0;

    static final double ACTIVATION_ENERGY_J_PER_MOL = 50_000;
    private static final double GAS_CONSTANT_J_PER_MOL_K = 8.314;
    private static final double ZERO_CELSIUS_K = 273.15;

    private final int persistSweeps;
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();
    /** Per cell, comparable sweeps seen so far: the persistence clock of its condition. */
    private final Map<Integer, Long> comparableSweeps = new HashMap<>();

    private final Map<Integer, Long> activeSinceNanos = new HashMap<>();
    private final Map<Integer, DegradationSignature> active = new HashMap<>();

    /** @param persistSweeps comparable sweeps in a row above (or below) the threshold to fire (or clear) */
    public ImpedanceGrowthDetector(int persistSweeps) {
        if (persistSweeps < 1) {
            throw new IllegalArgumentException("the impedance-growth persistence is at least one sweep");
        }
        this.persistSweeps = persistSweeps;
    }

    public SignatureKind kind() {
        return SignatureKind.IMPEDANCE_GROWTH;
    }

    /** R_ct of a record brought to another temperature by the Arrhenius law. */
    public static double chargeTransferAt(ImpedanceRecord r, double temperatureDegC) {
        double measuredK = r.temperatureDegC() + ZERO_CELSIUS_K;
        double targetK = temperatureDegC + ZERO_CELSIUS_K;
        return r.chargeTransferOhm()
                * Math.exp(ACTIVATION_ENERGY_J_PER_MOL / GAS_CONSTANT_J_PER_MOL_K * (1 / targetK - 1 / measuredK));
    }

    /**
     * One accepted sweep of a cell, with the baseline its history chose for it (empty: none
     * comparable). Returns the cell's signature if it is active afterwards.
     */
    public Optional<DegradationSignature> update(
            int cell, ImpedanceRecord sweep, Optional<ImpedanceRecord> baseline, long nowNanos) {
        if (baseline.isEmpty()) {
            return Optional.ofNullable(active.get(cell));
        }
        ImpedanceRecord base = baseline.get();
        double ctRatio = chargeTransferAt(sweep, base.temperatureDegC()) / base.chargeTransferOhm();
        double ohmicRatio = sweep.ohmicOhm() / base.ohmicOhm();
        double growth = Math.max(ctRatio, ohmicRatio) - 1;
        long clock = comparableSweeps.merge(cell, 1L, Long::sum);
        // The condition's clock counts comparable sweeps: "persist for n-1 steps" = n sweeps in a row.
        PersistentCondition condition = conditions.computeIfAbsent(
                cell, k -> new PersistentCondition(ACTIVATE_GROWTH, CLEAR_GROWTH, persistSweeps - 1));
        boolean wasActive = condition.active();
        if (!condition.update(growth, clock)) {
            active.remove(cell);
            activeSinceNanos.remove(cell);
            return Optional.empty();
        }
        if (!wasActive) {
            activeSinceNanos.put(cell, nowNanos);
        }
        long days = Duration.ofMillis(sweep.epochMs() - base.epochMs()).toDays();
        String evidence = ("R_ct %.2f mOhm at %.1f degC, %.2f x its baseline %.2f mOhm at %.1f degC (Arrhenius); "
                        + "R_ohmic %.2f x baseline %.2f mOhm; SoC %.2f, baseline's %.2f, %d days earlier")
                .formatted(
                        1e3 * sweep.chargeTransferOhm(),
                        sweep.temperatureDegC(),
                        ctRatio,
                        1e3 * base.chargeTransferOhm(),
                        base.temperatureDegC(),
                        ohmicRatio,
                        1e3 * base.ohmicOhm(),
                        sweep.soc(),
                        base.soc(),
                        days);
        DegradationSignature s = new DegradationSignature(
                kind(),
                cell,
                Math.clamp(growth / FULL_SEVERITY_GROWTH, 0, 1),
                Math.clamp((growth - CLEAR_GROWTH) / (ACTIVATE_GROWTH - CLEAR_GROWTH), 0, 1),
                evidence,
                activeSinceNanos.get(cell));
        active.put(cell, s);
        return Optional.of(s);
    }

    /** The signatures active now, one per cell at most; they change only when a sweep is fed. */
    public List<DegradationSignature> active() {
        return List.copyOf(active.values());
    }
}
