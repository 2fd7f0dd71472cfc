package org.healbms.core.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a forecaster the way it is used: for every cell and every history prefix of at least {@code minCheckups}
 * check-ups, forecast {@code ahead} cycles past the prefix's last check-up and compare with the capacity linearly
 * interpolated between the two later check-ups that bracket that cycle. Targets beyond a cell's last check-up are
 * skipped rather than extrapolated, so every score is against measured data.
 */
public final class FadeForecastBacktest {

    private final CapacityFadeForecaster forecaster;
    private final int minCheckups;
    private final double ahead;

    public FadeForecastBacktest(CapacityFadeForecaster forecaster, int minCheckups, double ahead) {
        if (minCheckups < 2) {
            throw new IllegalArgumentException("a forecast needs at least 2 check-ups, got minimum " + minCheckups);
        }
        if (!(ahead > 0) || Double.isInfinite(ahead)) {
            throw new IllegalArgumentException("cycles ahead must be finite and > 0, got " + ahead);
        }
        this.forecaster = forecaster;
        this.minCheckups = minCheckups;
        this.ahead = ahead;
    }

    /**
     * One scored forecast.
     *
     * @param errorPercent predicted minus measured capacity, in percent of the cell's reference capacity
     * @param covered      whether the measured capacity was inside the 95 % prediction interval
     */
    public record Outcome(
            int checkupsUsed,
            double targetCycle,
            double measuredAh,
            CapacityPrediction prediction,
            FadeLaw law,
            double errorPercent,
            boolean covered) {}

    /** All scored forecasts of one cell's history. */
    public List<Outcome> run(List<CapacityCheckup> history) {
        List<Outcome> outcomes = new ArrayList<>();
        double reference = history.getFirst().capacityAh();
        for (int used = minCheckups; used <= history.size(); used++) {
            List<CapacityCheckup> prefix = history.subList(0, used);
            double target = prefix.getLast().cycle() + ahead;
            int after = firstAtOrAfter(history, target);
            if (after < 0) {
                break;
            }
            CapacityCheckup hi = history.get(after);
            CapacityCheckup lo = history.get(after - 1);
            double w = (target - lo.cycle()) / (hi.cycle() - lo.cycle());
            double measured = lo.capacityAh() + w * (hi.capacityAh() - lo.capacityAh());
            CapacityFadeForecast f = forecaster.forecast(prefix, target);
            CapacityPrediction p = f.prediction();
            outcomes.add(new Outcome(
                    used,
                    target,
                    measured,
                    p,
                    f.fit().law(),
                    100 * (p.capacityAh() - measured) / reference,
                    p.covers(measured)));
        }
        return outcomes;
    }

    private static int firstAtOrAfter(List<CapacityCheckup> history, double cycle) {
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).cycle() >= cycle) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Summary of absolute errors in percent of the reference capacity, and the share of measured capacities inside
     * the 95 % interval.
     */
    public record Summary(
            int count,
            double meanAbsErrorPercent,
            double medianAbsErrorPercent,
            double p95AbsErrorPercent,
            double maxAbsErrorPercent,
            double coverage95) {

        public static Summary of(List<Outcome> outcomes) {
            if (outcomes.isEmpty()) {
                throw new IllegalArgumentException("no forecast could be scored: every target was beyond the last "
                        + "check-up, or no history had enough check-ups");
            }
            double[] abs = outcomes.stream()
                    .mapToDouble(o -> Math.abs(o.errorPercent()))
                    .sorted()
                    .toArray();
            long covered = outcomes.stream().filter(Outcome::covered).count();
            return new Summary(
                    abs.length,
                    Arrays.stream(abs).average().orElseThrow(),
                    percentile(abs, 0.5),
                    percentile(abs, 0.95),
                    abs[abs.length - 1],
                    (double) covered / abs.length);
        }

        /** Linear interpolation between order statistics (the R-7 / numpy default definition). */
        static double percentile(double[] sorted, double q) {
            double h = (sorted.length - 1) * q;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
    }
}
