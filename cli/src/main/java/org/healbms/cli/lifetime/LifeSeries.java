package org.healbms.cli.lifetime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.pack.PackEstimator;
import org.healbms.sim.plant.AgeingPack;

/**
 * Each cell's truth and the firmware's estimates of its health, sampled over a life for the report's
 * plots: the plant's capacity and ohmic resistance (relative to the cell file's), the estimator's
 * capacity and resistance scale, and when each cell was dosed. One sample per {@link #PERIOD_S} of
 * simulated time (at the first step after it is due: a leap over a rest is one step), so a year is
 * about 8800 samples.
 */
public final class LifeSeries {

    /** Simulated time between samples, s. */
    static final double PERIOD_S = 3600.0;

    /**
     * One sample of every cell, in cell order; estimates NaN where the estimator has none. The
     * resistance is estimated twice: the R0 tracker's scale, and the resistance health from the voltage
     * response (what the healing rules read as soh_resistance).
     */
    public record Sample(
            double elapsedS,
            double[] capacityAh,
            double[] resistanceScale,
            double[] estimatedCapacityAh,
            double[] estimatedResistanceScale,
            double[] estimatedResistanceHealth) {

        /** A sample without a resistance health. */
        public Sample(
                double elapsedS,
                double[] capacityAh,
                double[] resistanceScale,
                double[] estimatedCapacityAh,
                double[] estimatedResistanceScale) {
            this(
                    elapsedS,
                    capacityAh,
                    resistanceScale,
                    estimatedCapacityAh,
                    estimatedResistanceScale,
                    new double[capacityAh.length]);
            Arrays.fill(estimatedResistanceHealth, Double.NaN);
        }
    }

    /** A healing dose: its cell and when it began, s. */
    public record Dose(int cell, double elapsedS) {}

    private final double ratedCapacityAh;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Dose> doses = new ArrayList<>();
    private final boolean[] heating;
    private double nextS;

    /** @param ratedCapacityAh the cell file's capacity, against which capacities are states of health */
    LifeSeries(int cells, double ratedCapacityAh) {
        this.ratedCapacityAh = ratedCapacityAh;
        this.heating = new boolean[cells];
    }

    /** After a step that ended at {@code nowS}: a sample when one is due, and any dose that began. */
    void observe(double nowS, AgeingPack pack, PackEstimator estimator, boolean[] heatingNow) {
        for (int k = 0; k < heating.length; k++) {
            if (heatingNow[k] && !heating[k]) {
                doses.add(new Dose(k + 1, nowS));
            }
            heating[k] = heatingNow[k];
        }
        if (nowS < nextS) {
            return;
        }
        nextS = nowS + PERIOD_S;
        int n = pack.cells();
        double[] q = new double[n];
        double[] r = new double[n];
        double[] qe = new double[n];
        double[] re = new double[n];
        double[] he = new double[n];
        for (int k = 0; k < n; k++) {
            q[k] = pack.cell(k + 1).capacityAh();
            r[k] = pack.cell(k + 1).resistanceScale();
            qe[k] = k < estimator.cells() ? estimator.capacityAh(k) : Double.NaN;
            re[k] = k < estimator.cells() ? estimator.resistanceScale(k) : Double.NaN;
            he[k] = k < estimator.cells() ? estimator.resistanceHealth(k) : Double.NaN;
        }
        add(new Sample(nowS, q, r, qe, re, he));
    }

    void add(Sample sample) {
        samples.add(sample);
    }

    /** RMSE of the estimated capacity against the truth, as a fraction of the rated (NaN with no estimate). */
    double sohCapacityRmse() {
        double sum = 0;
        long n = 0;
        for (Sample s : samples) {
            for (int k = 0; k < s.capacityAh().length; k++) {
                double e = (s.estimatedCapacityAh()[k] - s.capacityAh()[k]) / ratedCapacityAh;
                if (Double.isFinite(e)) {
                    sum += e * e;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /** The largest error of the estimated capacity, as a fraction of the rated (NaN with no estimate). */
    double sohCapacityMax() {
        double max = Double.NaN;
        for (Sample s : samples) {
            for (int k = 0; k < s.capacityAh().length; k++) {
                double e = Math.abs(s.estimatedCapacityAh()[k] - s.capacityAh()[k]) / ratedCapacityAh;
                if (Double.isFinite(e) && !(e <= max)) {
                    max = e;
                }
            }
        }
        return max;
    }

    /**
     * RMSE and largest error of the resistance health against the truth (both relative to the new
     * cell's: the plant's variation and ageing), over the hourly samples where it is known; NaN with
     * none.
     */
    double[] resistanceHealthErrors() {
        double sum = 0;
        double max = Double.NaN;
        long n = 0;
        for (Sample s : samples) {
            for (int k = 0; k < s.resistanceScale().length; k++) {
                double e = s.estimatedResistanceHealth()[k] - s.resistanceScale()[k];
                if (Double.isFinite(e)) {
                    sum += e * e;
                    n++;
                    max = Math.abs(e) <= max ? max : Math.abs(e);
                }
            }
        }
        return new double[] {n == 0 ? Double.NaN : Math.sqrt(sum / n), max};
    }

    /**
     * When the pack (its weakest cell) would reach {@code retention} of its first capacity, days from
     * the start: the life's fade fitted as a sqrt(t) + b t (the plant's SEI grows with the root of
     * time, its contact and material losses with throughput, i.e. time at a daily usage) and solved
     * for it. An extrapolation beyond the life simulated; NaN with fewer than three samples or no fade.
     */
    public double daysToRetention(double retention) {
        if (samples.size() < 3) {
            return Double.NaN;
        }
        double q0 = packCapacityAh(samples.getFirst());
        double t0 = samples.getFirst().elapsedS();
        // Least squares of the fade y = 1 - Q/Q0 on x1 = sqrt(days), x2 = days, through the origin.
        double s11 = 0;
        double s12 = 0;
        double s22 = 0;
        double s1y = 0;
        double s2y = 0;
        for (Sample s : samples) {
            double days = (s.elapsedS() - t0) / 86_400.0;
            double x1 = Math.sqrt(days);
            double y = 1 - packCapacityAh(s) / q0;
            s11 += x1 * x1;
            s12 += x1 * days;
            s22 += days * days;
            s1y += x1 * y;
            s2y += days * y;
        }
        double det = s11 * s22 - s12 * s12;
        if (!(det > 0)) {
            return Double.NaN;
        }
        double a = (s1y * s22 - s2y * s12) / det;
        double b = (s11 * s2y - s12 * s1y) / det;
        double fade = 1 - retention;
        // b x^2 + a x - fade = 0 in x = sqrt(days): the positive root.
        double x = Math.abs(b) < 1e-15 ? fade / a : (-a + Math.sqrt(a * a + 4 * b * fade)) / (2 * b);
        return Double.isFinite(x) && x > 0 ? t0 / 86_400.0 + x * x : Double.NaN;
    }

    private static double packCapacityAh(Sample s) {
        double min = Double.POSITIVE_INFINITY;
        for (double q : s.capacityAh()) {
            min = Math.min(min, q);
        }
        return min;
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    public List<Dose> doses() {
        return List.copyOf(doses);
    }

    public int cells() {
        return heating.length;
    }

    public double ratedCapacityAh() {
        return ratedCapacityAh;
    }
}
