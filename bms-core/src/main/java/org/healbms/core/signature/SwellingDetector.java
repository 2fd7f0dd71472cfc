package org.healbms.core.signature;

import java.util.ArrayList;
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

    private final long persistNanos;
    private final Map<Integer, Map<Long, double[]>> baselines = new HashMap<>();
    private final Map<Integer, double[]> smoothed = new HashMap<>(); // {value}
    private final Map<Integer, Long> smoothedAt = new HashMap<>();
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();

    public SwellingDetector(long persistNanos) {
        this.persistNanos = persistNanos;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.IRREVERSIBLE_SWELLING;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> cells, long nowNanos) {
        List<DegradationSignature> active = new ArrayList<>();
        for (CellObservation c : cells) {
            if (!Double.isFinite(c.strain()) || !Double.isFinite(c.soc()) || !Double.isFinite(c.temperatureDegC())) {
                continue;
            }
            long bin = Math.round(c.soc() / SOC_BIN) * 1000 + Math.round(c.temperatureDegC() / TEMPERATURE_BIN_K);
            double[] b =
                    baselines.computeIfAbsent(c.cell(), k -> new HashMap<>()).computeIfAbsent(bin, k -> new double[2]);
            if (b[1] < BASELINE_SAMPLES) {
                b[0] += (c.strain() - b[0]) / (b[1] + 1); // running mean
                b[1]++;
                continue;
            }
            double residual = c.strain() - b[0];
            double[] s = smoothed.computeIfAbsent(c.cell(), k -> new double[] {residual});
            Long last = smoothedAt.put(c.cell(), nowNanos);
            double dt = last == null ? 0 : (nowNanos - last) / 1e9;
            s[0] += (residual - s[0]) * (1 - Math.exp(-Math.max(dt, 0) / SMOOTHING_S));
            PersistentCondition condition = conditions.computeIfAbsent(
                    c.cell(), k -> new PersistentCondition(ACTIVATE_STRAIN, CLEAR_STRAIN, persistNanos));
            if (condition.update(s[0], nowNanos)) {
                active.add(new DegradationSignature(
                        kind(),
                        c.cell(),
                        Math.clamp(s[0] / FULL_SEVERITY_STRAIN, 0, 1),
                        Math.clamp(s[0] / (2 * ACTIVATE_STRAIN), 0, 1),
                        "strain %.0f microstrain above its baseline at SoC %.0f %%, %.0f degC"
                                .formatted(s[0] * 1e6, 100 * c.soc(), c.temperatureDegC()),
                        condition.activeSince()));
            }
        }
        return active;
    }
}
