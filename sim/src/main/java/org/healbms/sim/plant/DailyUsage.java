package org.healbms.sim.plant;

import java.util.Arrays;

/**
 * A day that repeats: a drive (a recorded current profile played from {@code driveStartS} after
 * midnight, {@code repeats} times back to back), a charge asked for from {@code chargeStartS} for
 * {@code chargeWindowS} (the charger decides what flows and ends it at its taper), and rests between.
 * Piecewise constant: the drive holds each recorded current until the next sample.
 */
public final class DailyUsage implements PackUsage {

    static final double DAY_S = 86_400.0;

    private final double driveStartS;
    private final double[] driveTimeS;
    private final double[] driveCurrentA;
    private final double driveLengthS;
    private final int repeats;
    private final double chargeStartS;
    private final double chargeA;
    private final double chargeWindowS;

    /**
     * @param driveTimeS    the profile's sample times, s, strictly increasing from 0; its last one ends it
     * @param driveCurrentA the current from each sample time until the next, A (positive: charge, e.g. regeneration)
     */
    public DailyUsage(
            double driveStartS,
            double[] driveTimeS,
            double[] driveCurrentA,
            int repeats,
            double chargeStartS,
            double chargeA,
            double chargeWindowS) {
        if (driveTimeS.length < 2 || driveTimeS.length != driveCurrentA.length || driveTimeS[0] != 0) {
            throw new IllegalArgumentException(
                    "a drive profile needs two or more samples, starting at 0 s, one current each");
        }
        for (int k = 1; k < driveTimeS.length; k++) {
            if (!(driveTimeS[k] > driveTimeS[k - 1])) {
                throw new IllegalArgumentException("drive profile times must increase, but sample " + k + " is at "
                        + driveTimeS[k] + " s after " + driveTimeS[k - 1] + " s");
            }
        }
        this.driveStartS = driveStartS;
        this.driveTimeS = driveTimeS.clone();
        this.driveCurrentA = driveCurrentA.clone();
        this.driveLengthS = driveTimeS[driveTimeS.length - 1];
        this.repeats = repeats;
        this.chargeStartS = chargeStartS;
        this.chargeA = chargeA;
        this.chargeWindowS = chargeWindowS;
        double driveEnd = driveStartS + repeats * driveLengthS;
        if (driveStartS < 0
                || repeats < 0
                || chargeA < 0
                || chargeWindowS < 0
                || driveEnd > DAY_S
                || chargeStartS < 0
                || chargeStartS + chargeWindowS > DAY_S
                || (repeats > 0 && chargeStartS < driveEnd && chargeStartS + chargeWindowS > driveStartS)) {
            throw new IllegalArgumentException("a day's drive (" + driveStartS + " s + " + repeats + " x "
                    + driveLengthS + " s) and charge (" + chargeStartS + " s + " + chargeWindowS
                    + " s) must fit in a day without overlapping");
        }
    }

    private double driveEndS() {
        return driveStartS + repeats * driveLengthS;
    }

    @Override
    public double requestedA(double elapsedS) {
        double day = Math.floor(elapsedS / DAY_S) * DAY_S;
        double tod = elapsedS - day;
        if (tod >= driveStartS && tod < driveEndS()) {
            double into = (tod - driveStartS) % driveLengthS;
            int k = Arrays.binarySearch(driveTimeS, into);
            return driveCurrentA[k >= 0 ? k : -k - 2];
        }
        if (tod >= chargeStartS && tod < chargeStartS + chargeWindowS) {
            return chargeA;
        }
        return 0.0;
    }

    @Override
    public double nextChangeS(double elapsedS) {
        double day = Math.floor(elapsedS / DAY_S) * DAY_S;
        double tod = elapsedS - day;
        if (tod >= driveStartS && tod < driveEndS()) {
            double into = (tod - driveStartS) % driveLengthS;
            double lap = tod - driveStartS - into;
            int k = Arrays.binarySearch(driveTimeS, into);
            int next = k >= 0 ? k + 1 : -k - 1;
            return day + driveStartS + lap + driveTimeS[next];
        }
        if (tod >= chargeStartS && tod < chargeStartS + chargeWindowS) {
            return day + chargeStartS + chargeWindowS;
        }
        double next = Double.POSITIVE_INFINITY;
        for (double start : new double[] {driveStartS, chargeStartS}) {
            next = Math.min(next, start > tod ? day + start : day + DAY_S + start);
        }
        return next;
    }
}
