package org.healbms.core.identification;

import java.util.Arrays;
import java.util.Objects;

/**
 * One recorded cell test held in memory for identification: identification needs several passes
 * over the data, and the tests it uses (a C/20 curve, HPPC pulses, a drive cycle) fit in memory.
 *
 * <p>{@code chargeAh} is the cumulative net charge since the start of the test (positive = charged
 * in). It comes from the tester's own Ah counter where the file has one, because logged tests can
 * have unlogged stretches (the HPPC files' 10 % discharge steps) that a coulomb count of the logged
 * current would miss; otherwise it is the coulomb count of the current.
 *
 * @param name            file or test name, used in messages and reports
 * @param timeS           test time, s, non-decreasing
 * @param currentA        current, A, positive on charge
 * @param voltageV        terminal voltage, V
 * @param temperatureDegC cell temperature, °C (NaN where not logged)
 * @param chargeAh        cumulative net charge, Ah, zero at the start
 * @param startSoc        SoC at the start of the test (fraction); NaN if unknown, for a test that starts
 *                        at rest, whose SoC identification then reads off the OCV curve
 */
public record CellRecording(
        String name,
        double[] timeS,
        double[] currentA,
        double[] voltageV,
        double[] temperatureDegC,
        double[] chargeAh,
        double startSoc) {

    public CellRecording {
        Objects.requireNonNull(name, "name");
        int n = timeS.length;
        if (currentA.length != n || voltageV.length != n || temperatureDegC.length != n || chargeAh.length != n) {
            throw new IllegalArgumentException(name + ": all columns must have the same length");
        }
        if (!Double.isNaN(startSoc) && !(startSoc >= -0.05 && startSoc <= 1.05)) {
            throw new IllegalArgumentException(name + ": start SoC " + startSoc + " is outside 0..1");
        }
    }

    /** Builds the cumulative charge by integrating current (trapezoidal would blur pulse edges;
     * the sample's current is taken to hold over the interval ending at it, as the model does). */
    public static double[] coulombCount(double[] timeS, double[] currentA) {
        double[] q = new double[timeS.length];
        for (int k = 1; k < timeS.length; k++) {
            q[k] = q[k - 1] + currentA[k] * (timeS[k] - timeS[k - 1]) / 3600.0;
        }
        return q;
    }

    /**
     * Samples first..last (inclusive) as a test of their own: charge counted from the new start, and
     * the start SoC moved by the charge before it on the given capacity.
     */
    public CellRecording slice(int first, int last, double capacityAh) {
        double startCharge = chargeAh[first];
        double[] q = Arrays.copyOfRange(chargeAh, first, last + 1);
        for (int k = 0; k < q.length; k++) {
            q[k] -= startCharge;
        }
        return new CellRecording(
                name,
                Arrays.copyOfRange(timeS, first, last + 1),
                Arrays.copyOfRange(currentA, first, last + 1),
                Arrays.copyOfRange(voltageV, first, last + 1),
                Arrays.copyOfRange(temperatureDegC, first, last + 1),
                q,
                startSoc + startCharge / capacityAh);
    }

    /**
     * Charge the Ah counter saw in the interval ending at sample k beyond what the logged current
     * explains, Ah: non-zero where the log has a gap the tester kept counting through. Below 0.1 % of
     * the capacity it is counted as rounding and returned as zero.
     */
    public double unloggedChargeAh(int k, double capacityAh) {
        double dt = timeS[k] - timeS[k - 1];
        double logged = Double.isFinite(currentA[k]) ? currentA[k] * dt / 3600.0 : 0.0;
        double unlogged = (chargeAh[k] - chargeAh[k - 1]) - logged;
        return Math.abs(unlogged) > 0.001 * capacityAh ? unlogged : 0.0;
    }

    /** The same test with its start SoC set. */
    public CellRecording withStartSoc(double soc) {
        return new CellRecording(name, timeS, currentA, voltageV, temperatureDegC, chargeAh, soc);
    }

    public int size() {
        return timeS.length;
    }

    /** Mean of the logged temperatures, NaN if none was logged. */
    public double meanTemperatureDegC() {
        double sum = 0;
        int count = 0;
        for (double t : temperatureDegC) {
            if (Double.isFinite(t)) {
                sum += t;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Duration of the test, s. */
    public double durationS() {
        return timeS.length == 0 ? 0 : timeS[timeS.length - 1] - timeS[0];
    }
}
