package org.healbms.core.identification;

/**
 * How identification treats charge that moved in an unlogged stretch of a test (the HPPC files' 10 %
 * discharge steps, logged in other files): as a 1C current step at the start of the gap, then rest.
 *
 * <p>The timing inside the gap is unknown; 1C at the start is what the standard HPPC procedure does,
 * and for the slow diffusion time constants that the gap matters for (many minutes) the exact timing
 * changes little. Treating the gap as rest instead would hide exactly the slow relaxation the step
 * leaves behind, and with it the slow RC pair.
 */
final class UnloggedStep {

    private UnloggedStep() {}

    /**
     * Advances a unit-gain RC filter state (dx/dt = (i - x)/τ) over the interval ending at sample k.
     */
    static double filter(double x, CellRecording test, int k, double tauS, double capacityAh, double unloggedAh) {
        double dt = test.timeS()[k] - test.timeS()[k - 1];
        double i = test.currentA()[k];
        if (unloggedAh != 0.0) {
            double stepS = Math.min(dt, Math.abs(unloggedAh) / capacityAh * 3600.0);
            double stepCurrent = unloggedAh * 3600.0 / stepS;
            double a = Math.exp(-stepS / tauS);
            x = a * x + (1 - a) * stepCurrent;
            dt -= stepS;
        }
        double a = Math.exp(-dt / tauS);
        return a * x + (1 - a) * i;
    }
}
