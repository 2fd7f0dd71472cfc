package org.healbms.core.health;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Forecasts a cell's capacity fade from its check-up history: fits each of a small family of fade laws
 * ({@link FadeLaw}: linear, square root plus linear, and the same with a knee) by least squares and keeps the one
 * with the lowest corrected Akaike criterion (AICc).
 *
 * <p>Why this family: measured fade (e.g. the Sanyo UR18650E ageing study) starts with a fast square-root-like SEI
 * loss, continues roughly linearly, then accelerates at a knee. All three laws are linear in their coefficients,
 * so the fit is exact, cannot fail to converge on three points, and its parameter covariance gives the interval
 * directly. Why AICc: it charges each extra parameter more heavily when check-ups are few (a knee costs two: its
 * slope and its position), so a short history gets the linear law and only a history that shows curvature beyond
 * the check-up scatter earns a curved one. Histories of two or three check-ups are too short for AICc and get the
 * linear law, with the noise floor as their scatter.
 *
 * <p>Why a noise floor: the residuals of a few check-ups can be accidentally tiny, which would give a falsely narrow
 * interval. Repeated check-ups at the same cycle in the Sanyo data differ by 0.05-0.4 % of capacity, so the default
 * floor is 0.2 % of the reference capacity. The intervals do not include the uncertainty of the law choice itself,
 * so near a knee they are optimistic.
 */
public final class CapacityFadeForecaster {

    /** End of life: capacity down to 80 % of the reference (first check-up) capacity. */
    public static final double END_OF_LIFE_FRACTION = 0.8;

    private static final double DEFAULT_NOISE_FLOOR_FRACTION = 0.002;
    private static final double DEFAULT_HORIZON_CYCLES = 5000;
    /** Scan resolution of the end-of-life search before bisection refines it. */
    private static final int SCAN_STEPS = 2000;

    private final double noiseFloorFraction;
    private final double horizonCycles;

    /** Noise floor 0.2 % of the reference capacity, end-of-life search up to 5000 cycles past the last check-up. */
    public CapacityFadeForecaster() {
        this(DEFAULT_NOISE_FLOOR_FRACTION, DEFAULT_HORIZON_CYCLES);
    }

    /**
     * @param noiseFloorFraction least check-up scatter assumed, as a fraction of the reference capacity
     * @param horizonCycles      how many cycles past the last check-up to look for end of life
     */
    public CapacityFadeForecaster(double noiseFloorFraction, double horizonCycles) {
        if (!(noiseFloorFraction > 0 && noiseFloorFraction < 1)) {
            throw new IllegalArgumentException("noise floor must be a fraction in (0, 1), got " + noiseFloorFraction);
        }
        if (!(horizonCycles > 0) || Double.isInfinite(horizonCycles)) {
            throw new IllegalArgumentException("horizon must be a finite number of cycles > 0, got " + horizonCycles);
        }
        this.noiseFloorFraction = noiseFloorFraction;
        this.horizonCycles = horizonCycles;
    }

    /** Forecasts the capacity at {@code cycle} and end of life from {@code history} (ordered by cycle). */
    public CapacityFadeForecast forecast(List<CapacityCheckup> history, double cycle) {
        FadeFit fit = bestFit(history);
        CapacityCheckup last = history.getLast();
        if (!Double.isFinite(cycle) || cycle < 0) {
            throw new IllegalArgumentException("forecast cycle must be finite and >= 0, got " + cycle);
        }
        double reference = history.getFirst().capacityAh();
        return new CapacityFadeForecast(reference, last, fit, fit.predict(cycle), endOfLife(history, fit));
    }

    /** The law of the family with the lowest AICc, fitted to {@code history}. */
    public FadeFit bestFit(List<CapacityCheckup> history) {
        validate(history);
        FadeFit best = fit(history, FadeLaw.LINEAR);
        for (FadeLaw law : List.of(FadeLaw.SQRT_LINEAR, FadeLaw.SQRT_LINEAR_KNEE)) {
            if (!supports(law, history.size())) {
                continue;
            }
            FadeFit candidate = fit(history, law);
            // Strictly lower: on a tie the simpler law (tried first) stays.
            if (Double.isNaN(best.aicc()) || candidate.aicc() < best.aicc()) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Fits one law to {@code history}. A knee law places its knee at the check-up that fits best, leaving at least
     * three check-ups up to the knee and two after it, so that both sides have a slope.
     */
    public FadeFit fit(List<CapacityCheckup> history, FadeLaw law) {
        validate(history);
        int n = history.size();
        int needed = law.hasKnee() ? 5 : law.coefficients();
        if (n < needed) {
            throw new IllegalArgumentException(law + " needs at least " + needed + " check-ups, got " + n);
        }
        double[] cycles = new double[n];
        double[] capacities = new double[n];
        for (int i = 0; i < n; i++) {
            cycles[i] = history.get(i).cycle();
            capacities[i] = history.get(i).capacityAh();
        }
        double floor = noiseFloorFraction * capacities[0];
        if (!law.hasKnee()) {
            return FadeFit.leastSquares(law, Double.NaN, cycles, capacities, floor);
        }
        FadeFit best = null;
        for (int knee = 2; knee <= n - 3; knee++) {
            FadeFit candidate = FadeFit.leastSquares(law, cycles[knee], cycles, capacities, floor);
            if (best == null || candidate.residualSigmaAh() < best.residualSigmaAh()) {
                best = candidate;
            }
        }
        return best;
    }

    /** Whether AICc can judge {@code law} on {@code checkups} points (it needs more points than parameters + 1). */
    private static boolean supports(FadeLaw law, int checkups) {
        return checkups - law.freeParameters() - 1 > 0 && (!law.hasKnee() || checkups >= 5);
    }

    private CapacityThresholdCrossing endOfLife(List<CapacityCheckup> history, FadeFit fit) {
        double threshold = END_OF_LIFE_FRACTION * history.getFirst().capacityAh();
        for (int i = 1; i < history.size(); i++) {
            CapacityCheckup before = history.get(i - 1);
            CapacityCheckup after = history.get(i);
            if (after.capacityAh() <= threshold) {
                double w = (before.capacityAh() - threshold) / (before.capacityAh() - after.capacityAh());
                double cycle = before.cycle() + w * (after.cycle() - before.cycle());
                return new CapacityThresholdCrossing(CapacityThresholdCrossing.Status.REACHED, cycle, cycle, cycle,
                        after.cycle());
            }
        }
        double start = history.getLast().cycle();
        double horizon = start + horizonCycles;
        double t = fit.quantile95();
        double mean = firstCrossing(c -> fit.capacityAh(c), threshold, start, horizon);
        double earliest = firstCrossing(c -> fit.capacityAh(c) - t * Math.sqrt(fit.curveVariance(c)), threshold,
                start, horizon);
        double latest = firstCrossing(c -> fit.capacityAh(c) + t * Math.sqrt(fit.curveVariance(c)), threshold,
                start, horizon);
        if (Double.isNaN(mean)) {
            return new CapacityThresholdCrossing(CapacityThresholdCrossing.Status.NOT_WITHIN_HORIZON, Double.NaN,
                    earliest, Double.POSITIVE_INFINITY, horizon);
        }
        return new CapacityThresholdCrossing(CapacityThresholdCrossing.Status.PREDICTED, mean, earliest,
                Double.isNaN(latest) ? Double.POSITIVE_INFINITY : latest, horizon);
    }

    /** First cycle in [from, to] where {@code curve} falls to {@code threshold}; {@code NaN} if it does not. */
    private static double firstCrossing(DoubleUnaryOperator curve, double threshold, double from,
                                        double to) {
        double step = (to - from) / SCAN_STEPS;
        double previous = from;
        if (curve.applyAsDouble(from) <= threshold) {
            return from;
        }
        for (int i = 1; i <= SCAN_STEPS; i++) {
            double c = from + i * step;
            if (curve.applyAsDouble(c) <= threshold) {
                double lo = previous;
                double hi = c;
                for (int j = 0; j < 60; j++) {
                    double mid = 0.5 * (lo + hi);
                    if (curve.applyAsDouble(mid) <= threshold) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                return 0.5 * (lo + hi);
            }
            previous = c;
        }
        return Double.NaN;
    }

    private static void validate(List<CapacityCheckup> history) {
        if (history == null || history.isEmpty()) {
            throw new IllegalArgumentException("capacity history is empty: a forecast needs at least 2 check-ups");
        }
        if (history.size() < 2) {
            throw new IllegalArgumentException("capacity history has 1 check-up: a forecast needs at least 2");
        }
        for (int i = 1; i < history.size(); i++) {
            if (!(history.get(i).cycle() > history.get(i - 1).cycle())) {
                throw new IllegalArgumentException("check-up cycles must increase: " + history.get(i).cycle()
                        + " follows " + history.get(i - 1).cycle() + " at position " + i);
            }
        }
    }
}
