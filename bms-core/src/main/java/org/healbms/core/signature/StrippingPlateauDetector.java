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
    public static final int WINDOW_BUCKETS = 6;
    /** The ohmic drop and the fastest polarisation are over within this; only the slower relaxation counts. */
    static final double SETTLE_S = 60;

    static final double RISE_FACTOR = 2.0;
    static final double MIN_RISE_V_PER_S = 50e-6;
    static final double HOLD_S = 3600;

    private final double nominalCapacityAh;
    private final ByCell<Relaxation> cells = new ByCell<>(Relaxation::new);
    /** Rests after a qualifying charge that lasted long enough to be judged: what a clean run was tested on. */
    private int restsJudged;

    /** The whole detector's state: the rests judged so far, and each cell's by cell number up to the highest seen. */
    public record State(int restsJudged, List<Cell> cells) {

        public State {
            cells = List.copyOf(cells);
        }
    }

    /**
     * A cell's state: when it was last seen ({@code Long.MIN_VALUE}: never), the charge since it last
     * discharged and the temperature at it, the rest under way (null: none), and the plateau last
     * found (null: none).
     */
    public record Cell(long lastNanos, double chargeAh, double temperatureAtChargeDegC, Rest rest, Plateau found) {}

    /**
     * A rest after a qualifying charge: when it began, the bucket being filled (its start, the sum and
     * count of its voltages), the buckets completed, the last {@value #WINDOW_BUCKETS} of them (oldest
     * first: the fit's window), and the slowest relaxation rate seen so far, V/s.
     */
    public record Rest(
            long startNanos,
            long bucketStartNanos,
            double bucketSumV,
            int bucketCount,
            int buckets,
            List<Bucket> window,
            double slowestVPerS) {

        public Rest {
            window = List.copyOf(window);
            if (window.size() != Math.min(buckets, WINDOW_BUCKETS)) {
                throw new IllegalArgumentException("a rest of " + buckets + " buckets keeps the last "
                        + Math.min(buckets, WINDOW_BUCKETS) + ", got " + window.size());
            }
        }
    }

    /** A completed bucket: its middle, s into the rest, and its mean voltage. */
    public record Bucket(double atS, double meanV) {}

    /**
     * A plateau's end found in a rest: the charge before it and the temperature at it, how far into
     * the rest (s), the relaxation rate then and the slowest before it (V/s), and when it was found.
     */
    public record Plateau(
            double chargeAh,
            double temperatureDegC,
            double atS,
            double rateVPerS,
            double slowestVPerS,
            long sinceNanos) {

        DegradationSignature signature(int cell) {
            return new DegradationSignature(
                    SignatureKind.PLATING_RISK,
                    cell,
                    Math.clamp((rateVPerS / Math.max(slowestVPerS, 1e-9) - 1) / 4, 0, 1),
                    Math.clamp((rateVPerS - slowestVPerS) / (4 * MIN_RISE_V_PER_S), 0, 1),
                    "voltage relaxation after a %.2f Ah charge (at %.1f degC) fell faster again %.0f s into the rest:"
                                    .formatted(chargeAh, temperatureDegC, atS)
                            + " %.0f uV/s after slowing to %.0f uV/s, the end of a lithium-stripping plateau"
                                    .formatted(rateVPerS * 1e6, slowestVPerS * 1e6),
                    sinceNanos);
        }
    }

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

    /** The detector's state: what {@link #restore} continues from. */
    public State snapshot() {
        return new State(restsJudged, cells.snapshot(Relaxation::snapshot));
    }

    /** Continues from a {@link #snapshot}, as the detector it was taken of would have. */
    public void restore(State state) {
        restsJudged = state.restsJudged();
        cells.restore(state.cells(), Relaxation::restore);
    }

    @Override
    public List<DegradationSignature> update(List<CellObservation> observations, long nowNanos) {
        // Most ticks find nothing: the empty list then costs nothing (the firmware ticks allocation-free).
        List<DegradationSignature> active = List.of();
        for (CellObservation c : observations) {
            Relaxation r = cells.of(c.cell());
            double capacity = Double.isFinite(c.capacityAh()) ? c.capacityAh() : nominalCapacityAh;
            r.update(c, capacity, nowNanos);
            if (r.found != null && nowNanos - r.found.sinceNanos() <= (long) (HOLD_S * 1e9)) {
                if (active.isEmpty()) {
                    active = new ArrayList<>();
                }
                active.add(r.signature);
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
        /** Buckets completed in this rest; the last {@value #WINDOW_BUCKETS} are kept, a ring by count. */
        int buckets;

        final double[] bucketAt = new double[WINDOW_BUCKETS];
        final double[] bucketV = new double[WINDOW_BUCKETS];
        double slowest = Double.POSITIVE_INFINITY;
        Plateau found;
        /** The found plateau's signature, made once when it is found (or restored). */
        DegradationSignature signature;

        Relaxation(int cell) {
            this.cell = cell;
        }

        Cell snapshot() {
            Rest rest = null;
            if (resting) {
                int kept = Math.min(buckets, WINDOW_BUCKETS);
                List<Bucket> window = new ArrayList<>(kept);
                for (int j = buckets - kept; j < buckets; j++) {
                    window.add(new Bucket(bucketAt[j % WINDOW_BUCKETS], bucketV[j % WINDOW_BUCKETS]));
                }
                rest = new Rest(restStart, bucketStart, bucketSum, bucketCount, buckets, window, slowest);
            }
            return new Cell(lastNanos, chargeAh, temperatureAtCharge, rest, found);
        }

        void restore(Cell c) {
            lastNanos = c.lastNanos();
            chargeAh = c.chargeAh();
            temperatureAtCharge = c.temperatureAtChargeDegC();
            endRest();
            Rest rest = c.rest();
            if (rest != null) {
                resting = true;
                restStart = rest.startNanos();
                bucketStart = rest.bucketStartNanos();
                bucketSum = rest.bucketSumV();
                bucketCount = rest.bucketCount();
                buckets = rest.buckets();
                for (int k = 0; k < rest.window().size(); k++) {
                    int j = buckets - rest.window().size() + k;
                    bucketAt[j % WINDOW_BUCKETS] = rest.window().get(k).atS();
                    bucketV[j % WINDOW_BUCKETS] = rest.window().get(k).meanV();
                }
                slowest = rest.slowestVPerS();
            }
            found = c.found();
            signature = found == null ? null : found.signature(cell);
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
                bucketAt[buckets % WINDOW_BUCKETS] = (bucketStart - restStart) / 1e9 + BUCKET_S / 2;
                bucketV[buckets % WINDOW_BUCKETS] = bucketSum / bucketCount;
                buckets++;
                bucketSum = 0;
                bucketCount = 0;
                bucketStart = now;
                judge(now);
            }
        }

        private void judge(long now) {
            int n = buckets;
            if (n < WINDOW_BUCKETS) {
                return;
            }
            if (n == WINDOW_BUCKETS) {
                restsJudged++;
            }
            double rate = -windowSlope();
            if (rate >= RISE_FACTOR * slowest && rate - slowest >= MIN_RISE_V_PER_S) {
                double at = bucketAt[(n - 1) % WINDOW_BUCKETS];
                found = new Plateau(chargeAh, temperatureAtCharge, at, rate, slowest, now);
                signature = found.signature(cell);
                endRest();
                chargeAh = 0;
                return;
            }
            slowest = Math.min(slowest, Math.max(rate, 0));
        }

        /** Least-squares slope of voltage against time over the last {@value #WINDOW_BUCKETS} buckets, oldest first, V/s. */
        private double windowSlope() {
            double mt = 0;
            double mv = 0;
            for (int j = buckets - WINDOW_BUCKETS; j < buckets; j++) {
                mt += bucketAt[j % WINDOW_BUCKETS];
                mv += bucketV[j % WINDOW_BUCKETS];
            }
            mt /= WINDOW_BUCKETS;
            mv /= WINDOW_BUCKETS;
            double stv = 0;
            double stt = 0;
            for (int j = buckets - WINDOW_BUCKETS; j < buckets; j++) {
                double t = bucketAt[j % WINDOW_BUCKETS] - mt;
                stv += t * (bucketV[j % WINDOW_BUCKETS] - mv);
                stt += t * t;
            }
            return stv / stt;
        }

        private void endRest() {
            resting = false;
            buckets = 0;
            bucketSum = 0;
            bucketCount = 0;
            slowest = Double.POSITIVE_INFINITY;
        }
    }
}
