package org.healbms.twin.pack;

/**
 * The twin's estimate of one pack after one record, per cell: SoC with its 1σ, and state of health
 * (capacity against the cell file's, ohmic resistance as a multiple of the cell file's) with theirs.
 * NaN where the cell file does not ask for that quantity to be learned.
 */
public record PackEstimate(
        long tick,
        long timeNanos,
        double[] soc,
        double[] socSigma,
        double[] capacityAh,
        double[] capacitySigmaAh,
        double ratedCapacityAh,
        double[] resistanceScale,
        double[] resistanceScaleSigma) {

    public int cells() {
        return soc.length;
    }
}
