package org.healbms.core.estimation;

import java.util.Arrays;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ModelErrorProfile;
import org.healbms.core.cell.SocTemperatureTable;

/**
 * The first voltage reading after a filter reset, weighed exactly against the start prior: the way a
 * BMS sets SoC from the voltage at power-up, with the bound that the OCV's slope, the hysteresis band
 * and the model's error leave, instead of one linearised step from the start guess.
 *
 * <p>At a reset the prior holds SoC s (the guess, tens of percent wide), the hysteresis h and the
 * other voltage states (the RC voltages v1, v2 and the bias b: the "linear" states here), each on its
 * own. The voltage is OCV(s) + h + v1 + v2 + b plus the ohmic drop and noise. It is nonlinear in s, and
 * h is bounded by the model to ±M, so both are read on a grid: s over the prior's ±{@value #SPAN_SIGMAS}σ
 * cut to the SoC range the OCV table describes (a cell holds no charge beyond it), h over ±M with its
 * Gaussian prior cut there. Given (s, h) the linear states are Gaussian and are integrated out
 * exactly: the voltage's spread there is V(s) = P_v1 + P_v2 + σ_b(s)² + r, and each linear state j has
 * the gain K_j(s) = P_j(s)/V(s) on ε = e − OCV(s) − h (e the reading less their prior means and the
 * ohmic drop). The bias's prior is the model's slow error at the grid point's own SoC where the cell
 * file has a profile of it: what the model gets wrong near full is not what it gets wrong near empty,
 * and here SoC is being found, not assumed. The filter takes the posterior's mean and covariance, those
 * of the mixture over the grid (see the accessors).
 *
 * <p>The SoC prior is the filter's Gaussian about the guess, cut to the table: the guess stays its most
 * likely value. A reading that tells SoC less than that prior does (under load, its model error inflated
 * for its correlation) is not read here: the cut alone would then move the mean (0.7 ± 0.3 cut to
 * [0, 1]: 0.65), and the linearised step keeps the guess, which is all such a reading leaves.
 *
 * <p>The moments are handed over in the filter's own terms. From here on it linearises the OCV at the
 * posterior mean s̄, so its h is what the reading left to h plus what the OCV bends away from that tangent
 * over the posterior's SoC, OCV(s) − OCV(s̄) − OCV'(s̄)·(s − s̄): the mean and covariance of h are those of
 * that sum. Its predicted voltage is then the posterior's mean voltage and its spread the posterior's, so
 * the next reading, when it repeats this one, moves nothing. With h's own moments instead, where the OCV
 * bends over the posterior (the lifetime bench's cells at 0.9, h = 0: SoC read as 0.85..0.99 with the
 * NCR18650PF's plateau above 0.9), the tangent at the mean saw a 5 mV innovation and the posterior's
 * SoC-h covariance, taken as a straight ridge of another slope, as information: the second rested
 * reading moved SoC from 0.917 to 0.927 and its 1σ from 4.1 to 3.0 %.
 *
 * <p>The arrays are fields, so a reading allocates nothing; it is some 8 000 points once per reset.
 */
final class StartReading {

    /** SoC points over the prior's span: 0.4 % of SoC apart at most over the whole table. */
    static final int SOC_POINTS = 256;
    /** Hysteresis points over ±M: 6 % of M apart. */
    static final int HYSTERESIS_POINTS = 33;
    /** The prior's span the grid covers; beyond 6σ a Gaussian prior holds less than 1e-8. */
    static final double SPAN_SIGMAS = 6.0;
    /**
     * A reading is read on the grid where it leaves SoC's variance below this share of the cut prior's:
     * one that says more about SoC than the guess does.
     */
    static final double INFORMATIVE_VARIANCE_SHARE = 0.5;
    /** The linear states: v1, v2 and the bias. */
    private static final int LINEAR = 3;

    private final SocTemperatureTable ocv;
    /** The slow model error's 1σ at rest over SoC and temperature, or null without a profile. */
    private final SocTemperatureTable biasSigmaV;

    private final double socLow;
    private final double socHigh;

    private final double[] shift = new double[SOC_POINTS];
    private final double[] ocvAt = new double[SOC_POINTS];
    private final double[] biasVariance = new double[SOC_POINTS];
    /** Each grid point's log weight, then its weight. */
    private final double[] weight = new double[SOC_POINTS * HYSTERESIS_POINTS];

    private final double[] gains = new double[LINEAR];
    private final double[] priors = new double[LINEAR];
    private final double[] linearSum = new double[LINEAR];
    private final double[] linearSocSum = new double[LINEAR];
    private final double[] linearHysteresisSum = new double[LINEAR];
    private final double[] linearSquareSum = new double[LINEAR * LINEAR];

    private double meanShift;
    private double shiftVariance;
    private double meanHysteresis;
    private double hysteresisVariance;
    private double shiftHysteresisCovariance;
    private final double[] linearShift = new double[LINEAR];
    private final double[] linearSocCovariance = new double[LINEAR];
    private final double[] linearHysteresisCovariance = new double[LINEAR];
    private final double[] linearCovariance = new double[LINEAR * LINEAR];

    StartReading(CellParameters parameters) {
        this.ocv = parameters.ocvV();
        ModelErrorProfile profile = parameters.noise().modelError();
        this.biasSigmaV = profile == null ? null : profile.biasSigmaV();
        double[] soc = ocv.soc();
        this.socLow = soc[0];
        this.socHigh = soc[soc.length - 1];
    }

    /**
     * Reads the voltage on the grid; false (and nothing read) where the prior's SoC span misses the
     * table, the model has no hysteresis band, or the reading says less about SoC than the prior.
     *
     * @param priorSoc           the start guess ŝ
     * @param priorVariance      its variance
     * @param priorHysteresisV   h's prior mean, V
     * @param hysteresisVarianceV2 h's prior variance (before the cut to ±M), V²
     * @param boundV             M, V
     * @param residualV          the reading less the linear states' prior means and the ohmic drop, V
     * @param rcVariance1V2      P_v1, V²
     * @param rcVariance2V2      P_v2, V²
     * @param biasVarianceV2     the bias's prior variance where the cell file has no SoC profile of it, V²
     * @param noiseVarianceV2    r, V²
     */
    boolean read(
            double priorSoc,
            double priorVariance,
            double priorHysteresisV,
            double hysteresisVarianceV2,
            double boundV,
            double residualV,
            double rcVariance1V2,
            double rcVariance2V2,
            double biasVarianceV2,
            double noiseVarianceV2,
            double temperatureDegC) {
        double sigma = Math.sqrt(priorVariance);
        double low = Math.max(priorSoc - SPAN_SIGMAS * sigma, socLow);
        double high = Math.min(priorSoc + SPAN_SIGMAS * sigma, socHigh);
        if (!(high > low) || !(boundV > 0) || !(hysteresisVarianceV2 > 0)) {
            return false;
        }
        double step = (high - low) / (SOC_POINTS - 1);
        double hStep = 2.0 * boundV / (HYSTERESIS_POINTS - 1);
        double most = Double.NEGATIVE_INFINITY;
        double priorTotal = 0;
        double priorSum = 0;
        double priorSquares = 0;
        for (int k = 0; k < SOC_POINTS; k++) {
            double soc = low + k * step;
            double d = soc - priorSoc;
            double bias = biasSigmaV == null ? biasVarianceV2 : square(biasSigmaV.value(soc, temperatureDegC));
            double spread = rcVariance1V2 + rcVariance2V2 + bias + noiseVarianceV2;
            shift[k] = d;
            ocvAt[k] = ocv.value(soc, temperatureDegC);
            biasVariance[k] = bias;
            double priorLog = -0.5 * d * d / priorVariance;
            double priorWeight = Math.exp(priorLog);
            priorTotal += priorWeight;
            priorSum += priorWeight * d;
            priorSquares += priorWeight * d * d;
            // The voltage's spread differs between SoC points: its normalisation stays in the weight.
            double socLog = priorLog - 0.5 * Math.log(spread);
            for (int j = 0; j < HYSTERESIS_POINTS; j++) {
                double h = -boundV + j * hStep;
                double e = residualV - ocvAt[k] - h;
                double dh = h - priorHysteresisV;
                double w = socLog - 0.5 * (dh * dh / hysteresisVarianceV2 + e * e / spread);
                weight[k * HYSTERESIS_POINTS + j] = w;
                most = Math.max(most, w);
            }
        }
        double total = 0;
        double sumS = 0;
        double sumSS = 0;
        for (int k = 0; k < SOC_POINTS; k++) {
            double d = shift[k];
            for (int j = 0; j < HYSTERESIS_POINTS; j++) {
                int at = k * HYSTERESIS_POINTS + j;
                double w = Math.exp(weight[at] - most);
                weight[at] = w;
                total += w;
                sumS += w * d;
                sumSS += w * d * d;
            }
        }
        double priorMean = priorSum / priorTotal;
        double priorCutVariance = priorSquares / priorTotal - priorMean * priorMean;
        meanShift = sumS / total;
        shiftVariance = Math.max(sumSS / total - meanShift * meanShift, 0.0);
        if (shiftVariance > INFORMATIVE_VARIANCE_SHARE * priorCutVariance) {
            return false;
        }
        // The filter goes on linearised at the mean: the OCV as its tangent there (see the class comment).
        double meanSoc = priorSoc + meanShift;
        double tangentV = ocv.value(meanSoc, temperatureDegC);
        double tangentSlope = ocv.socSlope(meanSoc, temperatureDegC);
        double sumH = 0;
        double sumHH = 0;
        double sumSH = 0;
        Arrays.fill(linearSum, 0.0);
        Arrays.fill(linearSocSum, 0.0);
        Arrays.fill(linearHysteresisSum, 0.0);
        Arrays.fill(linearSquareSum, 0.0);
        for (int k = 0; k < SOC_POINTS; k++) {
            double d = shift[k];
            double bend = ocvAt[k] - tangentV - tangentSlope * (d - meanShift);
            double spread = rcVariance1V2 + rcVariance2V2 + biasVariance[k] + noiseVarianceV2;
            priors[0] = rcVariance1V2;
            priors[1] = rcVariance2V2;
            priors[2] = biasVariance[k];
            for (int a = 0; a < LINEAR; a++) {
                gains[a] = priors[a] / spread;
            }
            for (int j = 0; j < HYSTERESIS_POINTS; j++) {
                double w = weight[k * HYSTERESIS_POINTS + j];
                double h = -boundV + j * hStep;
                double e = residualV - ocvAt[k] - h;
                // h as the filter's linear model sees it: with what the OCV bends away from its tangent.
                h += bend;
                sumH += w * h;
                sumHH += w * h * h;
                sumSH += w * d * h;
                for (int a = 0; a < LINEAR; a++) {
                    double move = gains[a] * e;
                    linearSum[a] += w * move;
                    linearSocSum[a] += w * move * d;
                    linearHysteresisSum[a] += w * move * h;
                    for (int b = a; b < LINEAR; b++) {
                        // Given (s, h): covariance δ_ab·P_a − K_a·K_b·V, and the mean K·ε's own spread.
                        double conditional = (a == b ? priors[a] : 0.0) - gains[a] * gains[b] * spread;
                        linearSquareSum[a * LINEAR + b] += w * (conditional + move * gains[b] * e);
                    }
                }
            }
        }
        meanHysteresis = sumH / total;
        hysteresisVariance = Math.max(sumHH / total - meanHysteresis * meanHysteresis, 0.0);
        shiftHysteresisCovariance = sumSH / total - meanShift * meanHysteresis;
        for (int a = 0; a < LINEAR; a++) {
            linearShift[a] = linearSum[a] / total;
        }
        for (int a = 0; a < LINEAR; a++) {
            linearSocCovariance[a] = linearSocSum[a] / total - linearShift[a] * meanShift;
            linearHysteresisCovariance[a] = linearHysteresisSum[a] / total - linearShift[a] * meanHysteresis;
            for (int b = a; b < LINEAR; b++) {
                double c = linearSquareSum[a * LINEAR + b] / total - linearShift[a] * linearShift[b];
                linearCovariance[a * LINEAR + b] = c;
                linearCovariance[b * LINEAR + a] = c;
            }
        }
        return true;
    }

    /** E[s] − ŝ. */
    double meanShift() {
        return meanShift;
    }

    /** Var[s]. */
    double shiftVariance() {
        return shiftVariance;
    }

    /** E[h], V: h with the OCV's bend about its tangent at the mean (see the class comment). */
    double meanHysteresis() {
        return meanHysteresis;
    }

    /** Var[h], V². */
    double hysteresisVariance() {
        return hysteresisVariance;
    }

    /** Cov[s, h], V. */
    double shiftHysteresisCovariance() {
        return shiftHysteresisCovariance;
    }

    /** E[z_a] − ẑ_a of linear state a (0: v1, 1: v2, 2: the bias), V. */
    double linearShift(int a) {
        return linearShift[a];
    }

    /** Cov[z_a, z_b], V². */
    double linearCovariance(int a, int b) {
        return linearCovariance[a * LINEAR + b];
    }

    /** Cov[z_a, s], V. */
    double linearSocCovariance(int a) {
        return linearSocCovariance[a];
    }

    /** Cov[z_a, h], V². */
    double linearHysteresisCovariance(int a) {
        return linearHysteresisCovariance[a];
    }

    private static double square(double v) {
        return v * v;
    }
}
