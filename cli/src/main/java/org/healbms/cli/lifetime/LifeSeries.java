package org.healbms.cli.lifetime;

import java.util.ArrayList;
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

    /** One sample of every cell, in cell order; estimates NaN where the estimator has none. */
    public record Sample(
            double elapsedS,
            double[] capacityAh,
            double[] resistanceScale,
            double[] estimatedCapacityAh,
            double[] estimatedResistanceScale) {}

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
        for (int k = 0; k < n; k++) {
            q[k] = pack.cell(k + 1).capacityAh();
            r[k] = pack.cell(k + 1).resistanceScale();
            qe[k] = k < estimator.cells() ? estimator.capacityAh(k) : Double.NaN;
            re[k] = k < estimator.cells() ? estimator.resistanceScale(k) : Double.NaN;
        }
        samples.add(new Sample(nowS, q, r, qe, re));
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
