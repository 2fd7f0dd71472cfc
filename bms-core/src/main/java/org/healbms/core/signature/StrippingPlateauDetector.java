package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * Plated lithium, seen after the fact in the voltage relaxation that follows a charge. A healthy
 * cell relaxes as a sum of decaying exponentials, so the rate at which its voltage falls only ever
 * slows. Lithium plated during the charge strips back into the graphite during the rest and holds
 * the voltage on a plateau (the plated metal sits at the Li/Li⁺ potential); when it is used up the
 * voltage falls faster again. That renewed fall, a bump in −dV/dt, is the sign (Schindler et al.
 * 2016; von Lüders et al. 2017).
 *
 * <p>After a charge of at least {@value #MIN_CHARGE_FRACTION} of capacity, while the cell rests
 * (|i| below C/50) for up to {@value #MAX_REST_S} s, the voltage is averaged over
 * {@value #BUCKET_S} s buckets and −dV/dt is fitted over {@value #WINDOW_BUCKETS} buckets. The sign
 * is a rate at least {@value #RISE_FACTOR} times the slowest seen so far and at least
 * {@value #MIN_RISE_V_PER_S} V/s above it: well beyond what 1 mV quantisation or a cell cooling
 * after its charge can do to the slope. It stays active for {@value #HOLD_S} s, so the rules see it.
 */
public final class StrippingPlateauDetector implements SignatureDetector {

    static final double MIN_CHARGE_FRACTION = 0.05;
    static final double REST_C_RATE = 0.02;
    static final double MAX_REST_S = 7200;
    static final double BUCKET_S = 10;
    static final int WINDOW_BUCKETS = 6;
    /** The ohmic drop and the fastest polarisation are over within this; only the slower relaxation counts. */
    static final double SETTLE_S = 60;

    static final double RISE_FACTOR = 2.0;
    static final double MIN_RISE_V_PER_S = 50e-6;
    static final double HOLD_S = 3600;

    private final double nominalCapacityAh;
    private final ByCell<Relaxation> cells = new ByCell<>(Relaxation::new);
    /** Rests after a qualifying charge that lasted long enough to be judged: what a clean run was tested on. */
    private int restsJudged;

    public StrippingPlateauDetector(double nominalCapacityAh) {
        this.nominalCapacityAh = nominalCapacityAh;
    }

    /** How many post-charge rests have been long enough to judge, on every cell. */
    public int restsJudged() {
        return restsJudged;
    }

    @Override
    public SignatureKind kind() {
        return SignatureKind.PLATING_RISK;
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> observations, long nowNanos) {
        List<DegradationSignature> active = new ArrayList<>();
        for (CellObservation c : observations) {
            Relaxation r = cells.of(c.cell());
            double capacity = Double.isFinite(c.capacityAh()) ? c.capacityAh() : nominalCapacityAh;
            r.update(c, capacity, nowNanos);
            if (r.found != null && nowNanos - r.found.sinceNanos() <= (long) (HOLD_S * 1e9)) {
                active.add(r.found);
            }
        }
        return active;
    }

    /** One cell's charge and the rest after it. */
    private final class Relaxation {
        final int cell;
        long lastNanos = Long.MIN_VALUE;
        double chargeAh;
        double temperatureAtCharge = Double.NaN;
        boolean resting;
        long restStart;
        long bucketStart;
        double bucketSum;
        int bucketCount;
        final List<double[]> buckets = new ArrayList<>();
        double slowest = Double.POSITIVE_INFINITY;
        DegradationSignature found;

        Relaxation(int cell) {
            this.cell = cell;
        }

        void update(CellObservation c, double capacity, long now) {
            double dt = lastNanos == Long.MIN_VALUE ? 0 : (now - lastNanos) / 1e9;
            lastNanos = now;
            double i = c.currentA();
            if (!Double.isFinite(i) || !Double.isFinite(c.voltageV())) {
                endRest();
                return;
            }
            double rest = REST_C_RATE * capacity;
            if (i > rest) {
                endRest();
                chargeAh += i * dt / 3600;
                temperatureAtCharge = c.temperatureDegC();
                return;
            }
            if (i < -rest) {
                endRest();
                chargeAh = 0;
                return;
            }
            if (!resting) {
                if (chargeAh < MIN_CHARGE_FRACTION * capacity) {
                    return;
                }
                resting = true;
                restStart = now;
                bucketStart = now;
            }
            double sinceRest = (now - restStart) / 1e9;
            if (sinceRest > MAX_REST_S) {
                endRest();
                chargeAh = 0;
                return;
            }
            if (sinceRest < SETTLE_S) {
                bucketStart = now;
                return;
            }
            bucketSum += c.voltageV();
            bucketCount++;
            if ((now - bucketStart) / 1e9 >= BUCKET_S) {
                buckets.add(new double[] {(bucketStart - restStart) / 1e9 + BUCKET_S / 2, bucketSum / bucketCount});
                bucketSum = 0;
                bucketCount = 0;
                bucketStart = now;
                judge(now);
            }
        }

        private void judge(long now) {
            int n = buckets.size();
            if (n < WINDOW_BUCKETS) {
                return;
            }
            if (n == WINDOW_BUCKETS) {
                restsJudged++;
            }
            double rate = -slope(buckets.subList(n - WINDOW_BUCKETS, n));
            if (rate >= RISE_FACTOR * slowest && rate - slowest >= MIN_RISE_V_PER_S) {
                double at = buckets.get(n - 1)[0];
                found = new DegradationSignature(
                        SignatureKind.PLATING_RISK,
                        cell,
                        Math.clamp((rate / Math.max(slowest, 1e-9) - 1) / 4, 0, 1),
                        Math.clamp((rate - slowest) / (4 * MIN_RISE_V_PER_S), 0, 1),
                        "voltage relaxation after a %.2f Ah charge (at %.1f degC) fell faster again %.0f s into the rest:"
                                        .formatted(chargeAh, temperatureAtCharge, at)
                                + " %.0f uV/s after slowing to %.0f uV/s, the end of a lithium-stripping plateau"
                                        .formatted(rate * 1e6, slowest * 1e6),
                        now);
                endRest();
                chargeAh = 0;
                return;
            }
            slowest = Math.min(slowest, Math.max(rate, 0));
        }

        private void endRest() {
            resting = false;
            buckets.clear();
            bucketSum = 0;
            bucketCount = 0;
            slowest = Double.POSITIVE_INFINITY;
        }
    }

    /** Least-squares slope of voltage against time, V/s. */
    private static double slope(List<double[]> points) {
        double mt = 0;
        double mv = 0;
        for (double[] p : points) {
            mt += p[0];
            mv += p[1];
        }
        mt /= points.size();
        mv /= points.size();
        double stv = 0;
        double stt = 0;
        for (double[] p : points) {
            stv += (p[0] - mt) * (p[1] - mv);
            stt += (p[0] - mt) * (p[0] - mt);
        }
        return stv / stt;
    }
}
