package org.healbms.core.estimation;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.ModelErrorProfile;

/**
 * The SoC a resting cell's voltage tells through the OCV, with its variance: the readings that
 * {@link RestCapacity} pairs. A rest is a current within C/20 (the rate the OCV itself is measured at),
 * the R0 drop of what little flows taken out. A record's first sample is a reading too, whatever the
 * current: the cell's state before it is unknown (the priors below), but nothing the record did has yet
 * polarised it, so the voltage less the R0 drop tells the SoC the record starts from as well as a rest
 * does. Without it a drive that starts under load and ends in a short rest gives no pair at all.
 *
 * <p>What the voltage does not yet say is as much part of the reading as what it says:
 * <ul>
 *   <li>Polarisation still relaxing is measured on the rest itself, not taken from the model's RC pairs:
 *       on the Panasonic NCR18650PF the identified slow pair (2500 s at 25 degC) holds 90 mV after a
 *       US06 where the cell is within 3 mV of its OCV 300 s into the rest. A relaxation no slower than
 *       diffusion's, V = V∞ − A/√t, leaves A/√t = ΔV / (√(t/t') − 1) to come after rising by ΔV from t'
 *       to t; an exponential one leaves less. Minutes into a rest after a drive the fast pairs have
 *       settled and what relaxes is diffusion in the particles, so the reading takes all of that, with
 *       half of it as its 1σ. (Half of it, as first tried, read the end of every Panasonic 10 degC drive
 *       2.5-3 % of SoC low against 0.2 % at 25 degC: the colder cell is further from relaxed after 300 s.)
 *       The rest's clock starts at its first sample; what came before a record's first sample is the
 *       filter's RC prior, decaying with the model's time constants.</li>
 *   <li>The hysteresis voltage runs open-loop on the current (the model's law): after a record starts
 *       it may be anywhere in ±M, uniformly (variance M²/3), and it is known once charge has driven it to
 *       its branch.</li>
 *   <li>The model's own RC voltages are not counted: at rest the measured relaxation bounds what is to
 *       come, and the identified slow pair does not describe a rest (on the Panasonic 25 degC US06 it holds
 *       90 mV where the cell has 3 mV to go). Counted whole as error, they left no drive-cycle rest a
 *       reading and the capacity at its prior.</li>
 *   <li>The OCV curve's own error there (the model-error profile's slow error, after the sustained
 *       current of the drive before the rest), the voltage floor and the fast error of the R0 drop.</li>
 * </ul>
 * Readings are taken as the rest's clock crosses eighths of an octave (1 s, 1.09 s, ... 18 h), with the
 * voltage a half and a quarter of the rest earlier kept at the same points: a fixed array, nothing
 * allocated, and the OCV inverted at most 128 times a rest. What is to come is extrapolated from how the
 * rise slows between the two (V = V∞ − A·t^−n), with at least half of diffusion's extrapolation as its 1σ.
 * A rest's latest reading counts, not the one whose 1σ came out least: the cell only comes nearer its
 * OCV as it rests, while an extrapolation early in a rest can look certain and be wrong (two relaxations
 * of 8 s and 150 s read as one that was nearly over, and a rest after a charge read 1.8 % high at ±0.4 %).
 */
public final class RestOcvReading {

    /** Prior 1σ of each RC voltage at a record's start (the filter's). */
    static final double UNKNOWN_RC_SIGMA_V = 0.01;

    private static final int SLOTS_PER_OCTAVE = 8;
    private static final int SLOTS = 17 * SLOTS_PER_OCTAVE;
    /** The rest's clock at each slot, s: from 1 s in eighths of an octave. */
    private static final double[] BOUNDARY_S = new double[SLOTS];

    static {
        for (int k = 0; k < SLOTS; k++) {
            BOUNDARY_S[k] = Math.pow(2.0, (double) k / SLOTS_PER_OCTAVE);
        }
    }

    /**
     * Shortest rest that gives a reading, s: in a shorter stop the model's fast error has not averaged
     * out, and the stops of one drive share their slow error, so dozens of them read as independent
     * would pull the capacity as far as that error (the Panasonic 10 degC LA92 went to 2.69 Ah).
     */
    private static final double MIN_REST_S = ModelErrorProfile.FAST_SLOW_SPLIT_S;
    /** erfc(x) = t·exp(−x² + Σ ERFC[k]·t^k), t = 1/(1 + |x|/2). */
    private static final double[] ERFC = {
        -1.26551223,
        1.00002368,
        0.37409196,
        0.09678418,
        -0.18628806,
        0.27886807,
        -1.13520398,
        1.48851587,
        -0.82215223,
        0.17087277
    };
    /**
     * A rest whose voltage rose (or fell) over the last half of its time by this much of what it did over
     * the quarter before is not slowing down enough to tell where it will settle (an exponential early in
     * its time constant, noise about a relaxed voltage); its later samples may.
     */
    private static final double SLOWEST_RELAXATION_RATIO = 0.9;
    /** A reading further than this many of its sigmas outside the SoC range is not one (see keep). */
    private static final double MAX_OUTSIDE_SIGMAS = 20.0;

    private final CellParameters p;
    private final double restCurrentA;
    private final double hysteresisPriorVariance;
    /** The OCV table's SoC range. */
    private final double first;

    private final double last;

    private final double[] slotTime = new double[SLOTS];
    private final double[] slotDeviation = new double[SLOTS];
    private int slots;
    private int nextBoundary;

    private boolean resting;
    private boolean restEnded;
    private double restS;
    private double restSoc;
    private double sinceStartS;
    private double hysteresis;
    private double hysteresisVariance;
    /** Whether the next sample with a voltage is the record's first. */
    private boolean recordStart;

    private double soc;
    private double variance = Double.POSITIVE_INFINITY;

    public RestOcvReading(CellParameters parameters) {
        this.p = parameters;
        this.restCurrentA = parameters.capacityAh() / 20.0;
        this.hysteresisPriorVariance = parameters.hysteresisV() * parameters.hysteresisV() / 3.0;
        double[] grid = parameters.ocvV().soc();
        this.first = grid[0];
        this.last = grid[grid.length - 1];
        restart();
    }

    /** A record starts: nothing of what came before is known (hysteresis, polarisation, rest). */
    public void restart() {
        resting = false;
        restEnded = false;
        sinceStartS = 0;
        hysteresis = 0;
        hysteresisVariance = hysteresisPriorVariance;
        recordStart = true;
        variance = Double.POSITIVE_INFINITY;
    }

    /**
     * One sample.
     *
     * @param socEstimate the filter's SoC, only to take the OCV's temperature shift out of a rest
     * @param sustainedCurrentA the current's mean over the model error's correlation time: the slow
     *     polarisation the model lacks lasts that long after a load (see {@link ModelErrorProfile#biasSigma})
     * @return true when this sample gives a reading, the present rest's latest
     */
    public boolean add(
            double dtS,
            double currentA,
            double voltageV,
            double temperatureDegC,
            double socEstimate,
            double sustainedCurrentA) {
        double decay = EquivalentCircuitCell.hysteresisDecay(p, dtS, currentA);
        hysteresis = EquivalentCircuitCell.hysteresisStep(hysteresis, decay, currentA, p.hysteresisV());
        hysteresisVariance *= decay * decay;
        sinceStartS += dtS;
        restEnded = false;
        boolean first = recordStart && Double.isFinite(voltageV);
        if (first) {
            // Read as a rest of its own, which the next sample under load ends.
            recordStart = false;
        } else if (!(Math.abs(currentA) <= restCurrentA)) {
            restEnded = resting;
            resting = false;
            return false;
        }
        if (!resting) {
            resting = true;
            restS = 0;
            restSoc = socEstimate;
            slots = 0;
            nextBoundary = 0;
            variance = Double.POSITIVE_INFINITY;
        } else {
            restS += dtS;
        }
        // The voltage as the OCV would show it, less the OCV's shift with temperature since the rest began.
        double r0Drop = p.r0Ohm().value(socEstimate, temperatureDegC) * currentA;
        double atRest = voltageV - hysteresis - r0Drop;
        if (first) {
            // Nothing to come is measured yet: the polarisation before the record is the RC prior's.
            return take(atRest, 0.0, 0.0, currentA, r0Drop, temperatureDegC, sustainedCurrentA);
        }
        if (!Double.isFinite(voltageV) || nextBoundary >= SLOTS || restS < BOUNDARY_S[nextBoundary]) {
            return false;
        }
        double deviation = atRest - p.ocvV().value(restSoc, temperatureDegC);
        while (nextBoundary < SLOTS && restS >= BOUNDARY_S[nextBoundary]) {
            nextBoundary++;
        }
        slotTime[slots] = restS;
        slotDeviation[slots] = deviation;
        int earlier = slots - 1;
        while (earlier >= 0 && slotTime[earlier] > 0.5 * restS) {
            earlier--;
        }
        slots++;
        int quarter = earlier - 1;
        while (quarter >= 0 && slotTime[quarter] > 0.5 * slotTime[earlier]) {
            quarter--;
        }
        if (quarter < 0 || restS < MIN_REST_S) {
            return false;
        }
        double late = deviation - slotDeviation[earlier];
        double early = slotDeviation[earlier] - slotDeviation[quarter];
        // V = V∞ − A·t^−n rises by r = 2^−n as much over (t/2, t) as over (t/4, t/2), and has r/(1 − r) of
        // the later rise to come.
        double ratio = early != 0 ? late / early : late == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        if (!(ratio < SLOWEST_RELAXATION_RATIO)) {
            return false;
        }
        double measured = ratio > 0 ? late * ratio / (1.0 - ratio) : 0.0;
        double diffusion = late / (Math.sqrt(restS / slotTime[earlier]) - 1.0);
        double toComeSigma = 0.5 * Math.max(Math.abs(measured), Math.abs(diffusion));
        return take(atRest, measured, toComeSigma, currentA, r0Drop, temperatureDegC, sustainedCurrentA);
    }

    /**
     * The reading of a rested voltage with {@code toCome} (1σ {@code toComeSigma}) still to come; true if it
     * is one.
     */
    private boolean take(
            double atRest,
            double toCome,
            double toComeSigma,
            double currentA,
            double r0Drop,
            double temperatureDegC,
            double sustainedCurrentA) {
        double relaxed = atRest + toCome;
        double readingSoc = socOf(relaxed, temperatureDegC);
        double slope = p.ocvV().socSlope(readingSoc, temperatureDegC);
        double voltageVariance = sq(p.noise().voltageSigmaV())
                + hysteresisVariance
                + sq(toComeSigma)
                + unknownPolarisationVariance(readingSoc, temperatureDegC);
        ModelErrorProfile profile = p.noise().modelError();
        if (profile != null) {
            // R0 + R1 + R2 shapes the slow error only beyond the identified sustained current.
            double dcResistance = profile.beyondIdentified(sustainedCurrentA)
                    ? p.r0Ohm().value(readingSoc, temperatureDegC)
                            + p.r1Ohm().value(readingSoc, temperatureDegC)
                            + p.r2Ohm().value(readingSoc, temperatureDegC)
                    : 0.0;
            voltageVariance += sq(profile.biasSigma(readingSoc, temperatureDegC, sustainedCurrentA, dcResistance))
                    + sq(profile.fastSigmaV(readingSoc, temperatureDegC, currentA, r0Drop));
        }
        return keep(readingSoc, voltageVariance / (slope * slope));
    }

    /**
     * The reading restricted to the SoC the cell can be at, the OCV table's range (moment-matched: the mean
     * and variance of the Gaussian cut to that range), and kept as the rest's reading. The cut matters
     * at the ends: after a CC-CV charge the cell is full and its hysteresis on the charge branch, which the
     * reading's prior (anywhere in ±M) does not know; its voltage then reads up to M over the OCV's slope
     * above full (+3.6 % of SoC on the Panasonic 10 degC Cycle 1), and only the fact that SoC stops at 1
     * says that the hysteresis, not the SoC, is high. A reading the range cannot hold at all (beyond
     * {@code MAX_OUTSIDE_SIGMAS}) is not a reading of this model.
     */
    private boolean keep(double mean, double readingVariance) {
        double sigma = Math.sqrt(readingVariance);
        double alpha = (first - mean) / sigma;
        double beta = (last - mean) / sigma;
        if (!(alpha < MAX_OUTSIDE_SIGMAS && beta > -MAX_OUTSIDE_SIGMAS)) {
            return false;
        }
        double mass = normalCdf(beta) - normalCdf(alpha);
        double densityA = normalDensity(alpha);
        double densityB = normalDensity(beta);
        double shift = (densityA - densityB) / mass;
        double cut = readingVariance * (1.0 + (alpha * densityA - beta * densityB) / mass - shift * shift);
        if (!(cut > 0)) {
            return false;
        }
        soc = mean + sigma * shift;
        variance = cut;
        return true;
    }

    private static double normalDensity(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2.0 * Math.PI);
    }

    /** Φ(z) through erfc, with relative error below 1.2e-7 in either tail (Numerical Recipes' erfcc). */
    private static double normalCdf(double z) {
        double x = -z / Math.sqrt(2.0);
        double t = 1.0 / (1.0 + 0.5 * Math.abs(x));
        double polynomial = 0;
        for (int k = ERFC.length - 1; k >= 0; k--) {
            polynomial = polynomial * t + ERFC[k];
        }
        double erfc = t * Math.exp(-x * x + polynomial);
        return 0.5 * (x >= 0 ? erfc : 2.0 - erfc);
    }

    /**
     * The SoC of an OCV, continued beyond the table along its edge slopes as the filter's OCV is: a
     * reading clamped to 0 or 1 would be biased where a cell after a full charge reads a little high.
     */
    private double socOf(double ocv, double temperatureDegC) {
        double low = p.ocvV().value(first, temperatureDegC);
        double high = p.ocvV().value(last, temperatureDegC);
        if (ocv < low) {
            return first + (ocv - low) / p.ocvV().socSlope(first, temperatureDegC);
        }
        if (ocv > high) {
            return last + (ocv - high) / p.ocvV().socSlope(last, temperatureDegC);
        }
        return p.ocvV().socAt(ocv, temperatureDegC);
    }

    /** What remains of the RC voltages the record started with, unknown: the filter's prior, decayed. */
    private double unknownPolarisationVariance(double socNow, double temperatureDegC) {
        double fast = Math.exp(-2.0 * sinceStartS / p.tau1S().value(socNow, temperatureDegC));
        double slow = Math.exp(-2.0 * sinceStartS / p.tau2S().value(socNow, temperatureDegC));
        return sq(UNKNOWN_RC_SIGMA_V) * (fast + slow);
    }

    /** Whether the last sample ended a rest (the first under load after it). */
    public boolean restEnded() {
        return restEnded;
    }

    /** SoC of the present rest's latest reading. */
    public double soc() {
        return soc;
    }

    /** Variance of {@link #soc()}. */
    public double variance() {
        return variance;
    }

    private static double sq(double v) {
        return v * v;
    }
}
