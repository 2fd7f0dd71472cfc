package org.healbms.core.identification;

import java.util.Arrays;

/**
 * An open-circuit-voltage curve identified from one low-rate discharge/charge test.
 *
 * @param name             the test's name, for messages
 * @param soc              SoC grid, fraction, increasing
 * @param ocvV             hysteresis-free centre line: mean of the two branches, V; NaN outside the SoC
 *                         range the test covers (a cold test reaches its voltage limit before SoC 0)
 * @param dischargeV       discharge branch interpolated on the grid, V (NaN where not covered)
 * @param chargeV          charge branch interpolated on the grid, V (NaN where not covered)
 * @param halfGapV         half the charge-minus-discharge gap where both branches exist, V (NaN elsewhere);
 *                         it holds the hysteresis plus the low-rate IR drop
 * @param capacityAh       capacity the SoC axis is scaled to, Ah
 * @param dischargedAh     charge the test's discharge branch delivered, Ah
 * @param meanCurrentC     mean discharge current as a C-rate of {@code capacityAh}
 * @param temperatureDegC  mean cell temperature during the branches, °C
 * @param firstSample      index of the test's first sample on the branches
 * @param lastSample       index of the test's last sample on the branches (the rest after them is
 *                         left out: it may be a temperature change, as in the Panasonic C/20 test)
 */
public record OcvCurve(
        String name,
        double[] soc,
        double[] ocvV,
        double[] dischargeV,
        double[] chargeV,
        double[] halfGapV,
        double capacityAh,
        double dischargedAh,
        double meanCurrentC,
        double temperatureDegC,
        int firstSample,
        int lastSample) {

    /** Index of the lowest grid point the centre line covers. */
    public int firstCovered() {
        int g = 0;
        while (g < ocvV.length - 1 && !Double.isFinite(ocvV[g])) {
            g++;
        }
        return g;
    }

    /** Index of the highest grid point the centre line covers. */
    public int lastCovered() {
        int g = ocvV.length - 1;
        while (g > 0 && !Double.isFinite(ocvV[g])) {
            g--;
        }
        return g;
    }

    /** Whether the centre line covers the whole SoC axis, 0 to 1. */
    public boolean complete() {
        return firstCovered() == 0 && lastCovered() == ocvV.length - 1;
    }

    /** Median half-gap over the SoC range both branches cover, NaN with no charge branch. */
    public double medianHalfGapV() {
        double[] finite =
                Arrays.stream(halfGapV).filter(Double::isFinite).sorted().toArray();
        return finite.length == 0 ? Double.NaN : finite[finite.length / 2];
    }
}
