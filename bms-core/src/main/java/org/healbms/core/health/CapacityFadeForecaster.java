package org.healbms.core.health;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Forecasts a cell's capacity fade from its check-up history with one of a small family of fade laws
 * ({@link FadeLaw}: linear, the recent linear trend, square root plus linear, and the same with a knee), fitted by
 * least squares: by default the recent trend, on request a given law or the one that best forecast the latest
 * check-up from the ones before it.
 *
 * <p>Why this family: measured fade (e.g. the Sanyo UR18650E ageing study) starts with a fast square-root-like SEI
 * loss, continues roughly linearly, then accelerates at a knee. All three laws are linear in their coefficients,
 * so the fit is exact, cannot fail to converge on three points, and its parameter covariance gives the interval
 * directly. Why the recent trend by default: fade changes pace (a knee, then often a flattening), and a short
 * forecast needs the present pace. Measured on the Sanyo table 50 cycles ahead: the recent trend 0.51 % MAE;
 * choosing per history by the held-out latest check-up 0.60 % (one held-out point is a noisy judge); choosing by
 * AICc, which rewards fitting the past, 1.70 % (it kept extrapolating the steep part of a knee). The whole-history
 * laws stay for longer views and for analysis. How far the law used missed the held-out latest check-up is added
 * to its interval, which otherwise leaves out how well the law itself suits the cell.
 *
 * <p>Why a noise floor: the residuals of a few check-ups can be accidentally tiny, which would give a falsely narrow
 * interval. Repeated check-ups at the same cycle in the Sanyo data differ by 0.05-0.4 % of capacity, so the default
 * floor is 0.2 % of the reference capacity.
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
    /** The law used, or null to choose one per history by the held-out latest check-up. */
    private final FadeLaw law;

    /**
     * The recent trend, noise floor 0.2 % of the reference capacity, end-of-life search up to 5000 cycles past
     * the last check-up. The recent trend is the default because it forecast best on the Sanyo table: 50 cycles
     * ahead, MAE 0.51 % against 0.60 % for choosing a law by the held-out check-up and 1.70 % by AICc
     * ({@code healbms forecast --backtest}).
     */
    public CapacityFadeForecaster() {
        this(DEFAULT_NOISE_FLOOR_FRACTION, DEFAULT_HORIZON_CYCLES, FadeLaw.RECENT_LINEAR);
    }

    /** As the default, with the given law, or with a law chosen per history when {@code law} is null. */
    public CapacityFadeForecaster(FadeLaw law) {
        this(DEFAULT_NOISE_FLOOR_FRACTION, DEFAULT_HORIZON_CYCLES, law);
    }

    public CapacityFadeForecaster(double noiseFloorFraction, double horizonCycles) {
        this(noiseFloorFraction, horizonCycles, FadeLaw.RECENT_LINEAR);
    }

    /**
     * @param noiseFloorFraction least check-up scatter assumed, as a fraction of the reference capacity
     * @param horizonCycles      how many cycles past the last check-up to look for end of life
     * @param law                the law to forecast with, or null to choose one per history by how well each
     *                           forecast the latest check-up from the ones before it
     */
    public CapacityFadeForecaster(double noiseFloorFraction, double horizonCycles, FadeLaw law) {
        if (!(noiseFloorFraction > 0 && noiseFloorFraction < 1)) {
            throw new IllegalArgumentException("noise floor must be a fraction in (0, 1), got " + noiseFloorFraction);
        }
        if (!(horizonCycles > 0) || Double.isInfinite(horizonCycles)) {
            throw new IllegalArgumentException("horizon must be a finite number of cycles > 0, got " + horizonCycles);
        }
        this.noiseFloorFraction = noiseFloorFraction;
        this.horizonCycles = horizonCycles;
        this.law = law;
    }

    /** Forecasts the capacity at {@code cycle} and end of life from {@code history} (ordered by cycle). */
    public CapacityFadeForecast forecast(List<CapacityCheckup> history, double cycle) {
        Selection selection = select(history);
        FadeFit fit = selection.fit();
        CapacityCheckup last = history.getLast();
        if (!Double.isFinite(cycle) || cycle < 0) {
            throw new IllegalArgumentException("forecast cycle must be finite and >= 0, got " + cycle);
        }
        double reference = history.getFirst().capacityAh();
        return new CapacityFadeForecast(
                reference, last, fit, fit.predict(cycle, selection.holdoutErrorAh()), endOfLife(history, fit));
    }

    /** The law of the family that best forecast the latest check-up, fitted to the whole {@code history}. */
    public FadeFit bestFit(List<CapacityCheckup> history) {
        return select(history).fit();
    }

    /** A chosen law's fit and how far it missed the held-out latest check-up, Ah. */
    private record Selection(FadeFit fit, double holdoutErrorAh) {}

    private Selection select(List<CapacityCheckup> history) {
        validate(history);
        int n = history.size();
        if (n == 2) {
            return new Selection(fit(history, FadeLaw.LINEAR), 0.0);
        }
        List<CapacityCheckup> earlier = history.subList(0, n - 1);
        CapacityCheckup latest = history.getLast();
        if (law != null) {
            FadeLaw used = supports(law, n) ? law : FadeLaw.RECENT_LINEAR;
            double miss = supports(used, n - 1) ? holdoutError(earlier, latest, used) : 0.0;
            return new Selection(fit(history, used), miss);
        }
        // Chosen by the held-out latest check-up, with the recent trend as the default: a whole-history law
        // replaces it only when it forecast that check-up better by more than check-ups can be told apart
        // (twice the noise floor), since one held-out point is itself a noisy judge.
        double margin = 2 * noiseFloorFraction * history.getFirst().capacityAh();
        FadeLaw bestLaw = FadeLaw.RECENT_LINEAR;
        double recentError = holdoutError(earlier, latest, FadeLaw.RECENT_LINEAR);
        double bestError = recentError;
        for (FadeLaw candidate : List.of(FadeLaw.LINEAR, FadeLaw.SQRT_LINEAR, FadeLaw.SQRT_LINEAR_KNEE)) {
            if (!supports(candidate, n - 1)) {
                continue;
            }
            double error = holdoutError(earlier, latest, candidate);
            if (error < bestError && error < recentError - margin) {
                bestError = error;
                bestLaw = candidate;
            }
        }
        return new Selection(fit(history, bestLaw), bestError);
    }

    private double holdoutError(List<CapacityCheckup> earlier, CapacityCheckup latest, FadeLaw law) {
        return Math.abs(fit(earlier, law).capacityAh(latest.cycle()) - latest.capacityAh());
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
        double floor = noiseFloorFraction * history.getFirst().capacityAh();
        int from = n - law.window(n);
        double[] cycles = new double[n - from];
        double[] capacities = new double[n - from];
        for (int i = from; i < n; i++) {
            cycles[i - from] = history.get(i).cycle();
            capacities[i - from] = history.get(i).capacityAh();
        }
        n = cycles.length;
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

    /**
     * Whether {@code checkups} points can fit {@code law}: the recent trend is a line through its window (the noise
     * floor stands for its scatter); a whole-history law needs a degree of freedom, a knee five check-ups.
     */
    private static boolean supports(FadeLaw law, int checkups) {
        if (law == FadeLaw.RECENT_LINEAR) {
            return law.window(checkups) >= law.coefficients();
        }
        return checkups > law.coefficients() && (!law.hasKnee() || checkups >= 5);
    }

    private CapacityThresholdCrossing endOfLife(List<CapacityCheckup> history, FadeFit fit) {
        double threshold = END_OF_LIFE_FRACTION * history.getFirst().capacityAh();
        for (int i = 1; i < history.size(); i++) {
            CapacityCheckup before = history.get(i - 1);
            CapacityCheckup after = history.get(i);
            if (after.capacityAh() <= threshold) {
                double w = (before.capacityAh() - threshold) / (before.capacityAh() - after.capacityAh());
                double cycle = before.cycle() + w * (after.cycle() - before.cycle());
                return new CapacityThresholdCrossing(
                        CapacityThresholdCrossing.Status.REACHED, cycle, cycle, cycle, after.cycle());
            }
        }
        double start = history.getLast().cycle();
        double horizon = start + horizonCycles;
        double t = fit.quantile95();
        double mean = firstCrossing(c -> fit.capacityAh(c), threshold, start, horizon);
        double earliest =
                firstCrossing(c -> fit.capacityAh(c) - t * Math.sqrt(fit.curveVariance(c)), threshold, start, horizon);
        double latest =
                firstCrossing(c -> fit.capacityAh(c) + t * Math.sqrt(fit.curveVariance(c)), threshold, start, horizon);
        if (Double.isNaN(mean)) {
            return new CapacityThresholdCrossing(
                    CapacityThresholdCrossing.Status.NOT_WITHIN_HORIZON,
                    Double.NaN,
                    earliest,
                    Double.POSITIVE_INFINITY,
                    horizon);
        }
        return new CapacityThresholdCrossing(
                CapacityThresholdCrossing.Status.PREDICTED,
                mean,
                earliest,
                Double.isNaN(latest) ? Double.POSITIVE_INFINITY : latest,
                horizon);
    }

    /** First cycle in [from, to] where {@code curve} falls to {@code threshold}; {@code NaN} if it does not. */
    private static double firstCrossing(DoubleUnaryOperator curve, double threshold, double from, double to) {
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
                throw new IllegalArgumentException(
                        "check-up cycles must increase: " + history.get(i).cycle() + " follows "
                                + history.get(i - 1).cycle() + " at position " + i);
            }
        }
    }
}
