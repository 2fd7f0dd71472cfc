package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.RestCurrent;
import org.healbms.core.cell.TablesAtPoint;

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
 *
 * <p>A fall that speeds up is not always stripping: the cell's own relaxation does it where the
 * current stops in steps. A constant-voltage charge's tail falls below C/50 with the voltage held
 * flat (the rest has begun, at a rate of 0), and the charger's end then starts the ordinary
 * relaxation of what the charge built up in the RC pairs. So the detector runs the cell's identified
 * RC model on the measured current ({@code R0·i + v1 + v2}, what the model says the voltage does
 * with the OCV and hysteresis held) and counts only the speeding up the model does not: the rise
 * of −dV/dt over the slowest, less the model's over the same stretch, must be at least
 * {@value #MIN_RISE_V_PER_S} V/s. And plating needs the anode below 0 V against lithium, which only
 * a cold or fast charge reaches: the charge's 30 s mean current must have reached
 * {@value #PLAUSIBLE_STRESS} of the plating-safe current at its temperature
 * ({@link PlatingRiskDetector#safeChargeCurrentA}), the fraction at which a cell whose resistance has
 * grown by half (an end-of-life cell) reaches the potential a new one reaches at the safe current.
 */
public final class StrippingPlateauDetector implements SignatureDetector {

    static final double MIN_CHARGE_FRACTION = 0.05;
    static final double MAX_REST_S = 7200;
    static final double BUCKET_S = 10;
    public static final int WINDOW_BUCKETS = 6;
    /** The ohmic drop and the fastest polarisation are over within this; only the slower relaxation counts. */
    static final double SETTLE_S = 60;

    static final double RISE_FACTOR = 2.0;
    static final double MIN_RISE_V_PER_S = 50e-6;
    static final double HOLD_S = 3600;
    /** The charge's 30 s mean current over the plating-safe one below which plating is not plausible. */
    static final double PLAUSIBLE_STRESS = 1 / 1.5;

    private final double nominalCapacityAh;
    /** The cell's R0, R1, τ1, R2 and τ2, read at one point for every cell in turn. */
    private final TablesAtPoint model;

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
     * A cell's state: when it was last seen ({@code Long.MIN_VALUE}: never); the charge since it last
     * discharged, the temperature at it, its 30 s mean current now and its highest stress (that mean
     * over the plating-safe current); the model's RC voltages, V; the rest under way (null: none), and
     * the plateau last found (null: none).
     */
    public record Cell(
            long lastNanos,
            double chargeAh,
            double temperatureAtChargeDegC,
            double averageChargeA,
            double chargeStress,
            double fastV,
            double slowV,
            Rest rest,
            Plateau found) {}

    /**
     * A rest after a qualifying charge: when it began, the bucket being filled (its start, the sums of
     * its readings' times into the rest and of their measured and model voltages, their count), the
     * buckets completed, the last {@value #WINDOW_BUCKETS} of them (oldest first: the fit's window),
     * and the slowest relaxation rate seen so far with the model's rate then, V/s.
     */
    public record Rest(
            long startNanos,
            long bucketStartNanos,
            double bucketSumS,
            double bucketSumV,
            double bucketSumModelV,
            int bucketCount,
            int buckets,
            List<Bucket> window,
            double slowestVPerS,
            double slowestModelVPerS) {

        public Rest {
            window = List.copyOf(window);
            if (window.size() != Math.min(buckets, WINDOW_BUCKETS)) {
                throw new IllegalArgumentException("a rest of " + buckets + " buckets keeps the last "
                        + Math.min(buckets, WINDOW_BUCKETS) + ", got " + window.size());
            }
        }
    }

    /** A completed bucket: its readings' mean time, s into the rest, and their mean measured and model voltages. */
    public record Bucket(double atS, double meanV, double meanModelV) {}

    /**
     * A plateau's end found in a rest: the charge before it, the temperature at it and its stress,
     * how far into the rest (s), the relaxation rate then and the slowest before it, how much of the
     * rise the model does not explain (V/s), and when it was found.
     */
    public record Plateau(
            double chargeAh,
            double temperatureDegC,
            double chargeStress,
            double atS,
            double rateVPerS,
            double slowestVPerS,
            double unexplainedRiseVPerS,
            long sinceNanos) {

        DegradationSignature signature(int cell) {
            return new DegradationSignature(
                    SignatureKind.PLATING_RISK,
                    cell,
                    Math.clamp((rateVPerS / Math.max(slowestVPerS, 1e-9) - 1) / 4, 0, 1),
                    Math.clamp(unexplainedRiseVPerS / (4 * MIN_RISE_V_PER_S), 0, 1),
                    ("voltage relaxation after a %.2f Ah charge (at %.1f degC%s)"
                                            .formatted(
                                                    chargeAh,
                                                    temperatureDegC,
                                                    Double.isNaN(chargeStress)
                                                            ? ""
                                                            : ", %.1f x the plating-safe current"
                                                                    .formatted(chargeStress))
                                    + " fell faster again %.0f s into the rest: %.0f uV/s after slowing to %.0f uV/s,"
                                            .formatted(atS, rateVPerS * 1e6, slowestVPerS * 1e6)
                                    + " %.0f uV/s more than the cell's model of the same charge: the end of a"
                                            .formatted(unexplainedRiseVPerS * 1e6))
                            + " lithium-stripping plateau",
                    sinceNanos);
        }
    }

    /**
     * @param nominalCapacityAh the capacity C-rates are against where an observation has none
     * @param cell              the cell's model: its relaxation is what a plateau must stand out from
     */
    public StrippingPlateauDetector(double nominalCapacityAh, CellParameters cell) {
        this.nominalCapacityAh = nominalCapacityAh;
        this.model = new TablesAtPoint(cell.r0Ohm(), cell.r1Ohm(), cell.tau1S(), cell.r2Ohm(), cell.tau2S());
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
        for (int k = 0; k < observations.size(); k++) {
            CellObservation c = observations.get(k);
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

    /** One cell's charge, its model's RC voltages and the rest after the charge. */
    private final class Relaxation {
        final int cell;
        long lastNanos = Long.MIN_VALUE;
        double chargeAh;
        double temperatureAtCharge = Double.NaN;
        double averageChargeA;
        double chargeStress;
        double fastV;
        double slowV;
        boolean resting;
        long restStart;
        long bucketStart;
        double bucketTimeSum;
        double bucketSum;
        double bucketModelSum;
        int bucketCount;
        /** Buckets completed in this rest; the last {@value #WINDOW_BUCKETS} are kept, a ring by count. */
        int buckets;

        final double[] bucketAt = new double[WINDOW_BUCKETS];
        final double[] bucketV = new double[WINDOW_BUCKETS];
        final double[] bucketModelV = new double[WINDOW_BUCKETS];
        double slowest = Double.POSITIVE_INFINITY;
        double slowestModel = Double.NaN;
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
                    int k = j % WINDOW_BUCKETS;
                    window.add(new Bucket(bucketAt[k], bucketV[k], bucketModelV[k]));
                }
                rest = new Rest(
                        restStart,
                        bucketStart,
                        bucketTimeSum,
                        bucketSum,
                        bucketModelSum,
                        bucketCount,
                        buckets,
                        window,
                        slowest,
                        slowestModel);
            }
            return new Cell(
                    lastNanos, chargeAh, temperatureAtCharge, averageChargeA, chargeStress, fastV, slowV, rest, found);
        }

        void restore(Cell c) {
            lastNanos = c.lastNanos();
            chargeAh = c.chargeAh();
            temperatureAtCharge = c.temperatureAtChargeDegC();
            averageChargeA = c.averageChargeA();
            chargeStress = c.chargeStress();
            fastV = c.fastV();
            slowV = c.slowV();
            endRest();
            Rest rest = c.rest();
            if (rest != null) {
                resting = true;
                restStart = rest.startNanos();
                bucketStart = rest.bucketStartNanos();
                bucketTimeSum = rest.bucketSumS();
                bucketSum = rest.bucketSumV();
                bucketModelSum = rest.bucketSumModelV();
                bucketCount = rest.bucketCount();
                buckets = rest.buckets();
                for (int k = 0; k < rest.window().size(); k++) {
                    int j = (buckets - rest.window().size() + k) % WINDOW_BUCKETS;
                    Bucket b = rest.window().get(k);
                    bucketAt[j] = b.atS();
                    bucketV[j] = b.meanV();
                    bucketModelV[j] = b.meanModelV();
                }
                slowest = rest.slowestVPerS();
                slowestModel = rest.slowestModelVPerS();
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
            double modelV = modelStep(c, dt, i);
            // The same 30 s mean as the plating-risk detector's: plating follows sustained current.
            averageChargeA += (i - averageChargeA) * (1 - Math.exp(-dt / PlatingRiskDetector.AVERAGING_S));
            double rest = RestCurrent.of(capacity);
            if (i > rest) {
                endRest();
                chargeAh += i * dt / 3600;
                temperatureAtCharge = c.temperatureDegC();
                double safe = PlatingRiskDetector.safeChargeCurrentA(c.temperatureDegC(), capacity);
                // Below 0 degC no charge is safe, and an unknown temperature cannot rule plating out.
                double stress = safe > 0 ? averageChargeA / safe : Double.POSITIVE_INFINITY;
                chargeStress = Math.max(chargeStress, stress);
                return;
            }
            if (i < -rest) {
                endRest();
                forgetCharge();
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
                forgetCharge();
                return;
            }
            if (sinceRest < SETTLE_S) {
                bucketStart = now;
                return;
            }
            // Each reading at its own time: a record logged once a minute at rest, or a gap (a leap of
            // the clock), puts a bucket where its readings are, not where the bucket began.
            bucketTimeSum += sinceRest;
            bucketSum += c.voltageV();
            bucketModelSum += modelV;
            bucketCount++;
            if ((now - bucketStart) / 1e9 >= BUCKET_S) {
                int k = buckets % WINDOW_BUCKETS;
                bucketAt[k] = bucketTimeSum / bucketCount;
                bucketV[k] = bucketSum / bucketCount;
                bucketModelV[k] = bucketModelSum / bucketCount;
                buckets++;
                bucketTimeSum = 0;
                bucketSum = 0;
                bucketModelSum = 0;
                bucketCount = 0;
                bucketStart = now;
                judge(now);
            }
        }

        /**
         * Steps the model's RC pairs over the last dt at this current and returns the voltage the
         * model adds to the OCV and hysteresis now, {@code R0·i + v1 + v2}, V.
         */
        private double modelStep(CellObservation c, double dt, double i) {
            double soc = Double.isFinite(c.soc()) ? Math.clamp(c.soc(), 0, 1) : 0.5;
            double t = Double.isFinite(c.temperatureDegC()) ? c.temperatureDegC() : 25;
            model.at(soc, t);
            if (dt > 0) {
                fastV = EquivalentCircuitCell.rcStep(fastV, dt, i, model.value(1), model.value(2));
                slowV = EquivalentCircuitCell.rcStep(slowV, dt, i, model.value(3), model.value(4));
            }
            return model.value(0) * i + fastV + slowV;
        }

        private void judge(long now) {
            int n = buckets;
            if (n < WINDOW_BUCKETS) {
                return;
            }
            if (n == WINDOW_BUCKETS) {
                restsJudged++;
            }
            double rate = -windowSlope(bucketV);
            double modelRate = -windowSlope(bucketModelV);
            if (rate >= RISE_FACTOR * slowest && rate - slowest >= MIN_RISE_V_PER_S) {
                double unexplained = (rate - slowest) - (modelRate - slowestModel);
                if (unexplained >= MIN_RISE_V_PER_S && chargeStress >= PLAUSIBLE_STRESS) {
                    double at = bucketAt[(n - 1) % WINDOW_BUCKETS];
                    found = new Plateau(
                            chargeAh, temperatureAtCharge, chargeStress, at, rate, slowest, unexplained, now);
                    signature = found.signature(cell);
                    endRest();
                    forgetCharge();
                    return;
                }
            }
            if (Math.max(rate, 0) < slowest) {
                slowest = Math.max(rate, 0);
                slowestModel = modelRate;
            }
        }

        /** Least-squares slope over the last {@value #WINDOW_BUCKETS} buckets of these voltages against time, V/s. */
        private double windowSlope(double[] volts) {
            double mt = 0;
            double mv = 0;
            for (int j = buckets - WINDOW_BUCKETS; j < buckets; j++) {
                mt += bucketAt[j % WINDOW_BUCKETS];
                mv += volts[j % WINDOW_BUCKETS];
            }
            mt /= WINDOW_BUCKETS;
            mv /= WINDOW_BUCKETS;
            double stv = 0;
            double stt = 0;
            for (int j = buckets - WINDOW_BUCKETS; j < buckets; j++) {
                double t = bucketAt[j % WINDOW_BUCKETS] - mt;
                stv += t * (volts[j % WINDOW_BUCKETS] - mv);
                stt += t * t;
            }
            return stv / stt;
        }

        private void forgetCharge() {
            chargeAh = 0;
            chargeStress = 0;
        }

        private void endRest() {
            resting = false;
            buckets = 0;
            bucketTimeSum = 0;
            bucketSum = 0;
            bucketModelSum = 0;
            bucketCount = 0;
            slowest = Double.POSITIVE_INFINITY;
            slowestModel = Double.NaN;
        }
    }
}
