package org.healbms.core.estimation;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.ModelErrorProfile;

/**
 * The SoC a resting cell's voltage tells through the OCV, with its variance: the readings that
 * {@link RestCapacity} pairs. A rest is a current within C/20 (the rate the OCV itself is measured at),
 * the R0 drop of what little flows taken out.
 *
 * <p>What the voltage does not yet say is as much part of the reading as what it says:
 * <ul>
 *   <li>Polarisation still relaxing is measured on the rest itself, not taken from the model's RC pairs:
 *       on the Panasonic NCR18650PF the identified slow pair (2500 s at 25 degC) holds 90 mV after a
 *       US06 where the cell is within 3 mV of its OCV 300 s into the rest. A relaxation no slower than
 *       diffusion's, V = V∞ − A/√t, leaves A/√t = ΔV / (√(t/t') − 1) to come after rising by ΔV from t'
 *       to t; an exponential one leaves less. The reading takes half that and half of it as its 1σ,
 *       which covers both. The rest's clock starts at its first sample; what came before a record's
 *       first sample is the filter's RC prior, decaying with the model's time constants.</li>
 *   <li>The hysteresis voltage runs open-loop on the current (the model's law): after a record starts
 *       it may be anywhere in ±M, uniformly (variance M²/3), and it is known once charge has driven it to
 *       its branch.</li>
 *   <li>The model's own RC voltages, run open-loop on the current: what they still hold counts whole as
 *       error, since the reading does not trust them for a correction.</li>
 *   <li>The OCV curve's own error there (the model-error profile's slow error, after the sustained
 *       current of the drive before the rest), the voltage floor and the fast error of the R0 drop.</li>
 * </ul>
 * Readings are taken as the rest's clock crosses eighths of an octave (1 s, 1.09 s, ... 18 h), with the
 * voltage half the rest earlier kept at the same points: a fixed array, nothing allocated, and the OCV
 * inverted at most 128 times a rest.
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
    /** The model's RC voltages run open-loop on the current since the record started, V. */
    private double modelV1;

    private double modelV2;

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
        modelV1 = 0;
        modelV2 = 0;
        variance = Double.POSITIVE_INFINITY;
    }

    /**
     * One sample.
     *
     * @param socEstimate the filter's SoC, only to take the OCV's temperature shift out of a rest
     * @param sustainedCurrentA the current's mean over the model error's correlation time: the slow
     *     polarisation the model lacks lasts that long after a load (see {@link ModelErrorProfile#biasSigma})
     * @param dcResistance the cell's R0 + R1 + R2, for that polarisation beyond the identified currents
     * @return true when this sample gives the best reading of the present rest so far
     */
    public boolean add(
            double dtS,
            double currentA,
            double voltageV,
            double temperatureDegC,
            double socEstimate,
            double sustainedCurrentA,
            ModelErrorProfile.DcResistance dcResistance) {
        double decay = EquivalentCircuitCell.hysteresisDecay(p, dtS, currentA);
        hysteresis = EquivalentCircuitCell.hysteresisStep(hysteresis, decay, currentA, p.hysteresisV());
        hysteresisVariance *= decay * decay;
        if (dtS > 0) {
            double r1 = p.r1Ohm().value(socEstimate, temperatureDegC);
            double r2 = p.r2Ohm().value(socEstimate, temperatureDegC);
            modelV1 = EquivalentCircuitCell.rcStep(
                    modelV1, dtS, currentA, r1, p.tau1S().value(socEstimate, temperatureDegC));
            modelV2 = EquivalentCircuitCell.rcStep(
                    modelV2, dtS, currentA, r2, p.tau2S().value(socEstimate, temperatureDegC));
        }
        sinceStartS += dtS;
        restEnded = false;
        if (!(Math.abs(currentA) <= restCurrentA)) {
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
        if (!Double.isFinite(voltageV) || nextBoundary >= SLOTS || restS < BOUNDARY_S[nextBoundary]) {
            return false;
        }
        // The voltage as the OCV would show it, less the OCV's shift with temperature since the rest began.
        double r0Drop = p.r0Ohm().value(socEstimate, temperatureDegC) * currentA;
        double atRest = voltageV - hysteresis - r0Drop;
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
        if (earlier < 0 || restS < MIN_REST_S) {
            return false;
        }
        double toCome = (deviation - slotDeviation[earlier]) / (Math.sqrt(restS / slotTime[earlier]) - 1.0);
        double relaxed = atRest + 0.5 * toCome;
        double readingSoc = socOf(relaxed, temperatureDegC);
        double slope = p.ocvV().socSlope(readingSoc, temperatureDegC);
        double voltageVariance = sq(p.noise().voltageSigmaV())
                + hysteresisVariance
                + sq(0.5 * toCome)
                + sq(modelV1 + modelV2)
                + unknownPolarisationVariance(readingSoc, temperatureDegC);
        ModelErrorProfile profile = p.noise().modelError();
        if (profile != null) {
            voltageVariance += sq(profile.biasSigma(readingSoc, temperatureDegC, sustainedCurrentA, dcResistance))
                    + sq(profile.fastSigmaV(readingSoc, temperatureDegC, currentA, r0Drop));
        }
        double readingVariance = voltageVariance / (slope * slope);
        if (!(readingVariance < variance)) {
            return false;
        }
        soc = readingSoc;
        variance = readingVariance;
        return true;
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

    /** SoC of the present rest's best reading. */
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
