package org.healbms.core.identification;

/**
 * An open-circuit-voltage curve identified from one low-rate discharge/charge test.
 *
 * @param soc              SoC grid, fraction, increasing
 * @param ocvV             hysteresis-free centre line: mean of the two branches, V
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
public record OcvCurve(double[] soc, double[] ocvV, double[] dischargeV, double[] chargeV, double[] halfGapV,
                       double capacityAh, double dischargedAh, double meanCurrentC, double temperatureDegC,
                       int firstSample, int lastSample) {

    /** Median half-gap over the SoC range both branches cover, NaN with no charge branch. */
    public double medianHalfGapV() {
        double[] finite = java.util.Arrays.stream(halfGapV).filter(Double::isFinite).sorted().toArray();
        return finite.length == 0 ? Double.NaN : finite[finite.length / 2];
    }
}
