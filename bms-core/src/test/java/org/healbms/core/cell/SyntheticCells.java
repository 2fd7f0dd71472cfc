package org.healbms.core.cell;

import java.util.Random;

/** Synthetic cells with known parameters, and drive profiles for them, shared by the core tests. */
public final class SyntheticCells {

    public static final double T = 25.0;
    private static final double[] SOC = {0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0};
    private static final double[] OCV = {3.0, 3.3, 3.42, 3.52, 3.58, 3.63, 3.68, 3.76, 3.85, 3.94, 4.04, 4.1, 4.18};

    private SyntheticCells() {}

    /** An NCA-like 3 Ah cell: R0 25 mΩ, 12 mΩ/8 s and 20 mΩ/150 s RC pairs, 30 mV hysteresis. */
    public static CellParameters nca(double voltageSigmaV) {
        return new CellParameters(
                "synthetic NCA",
                new CellParameters.Charge(3.0, 0.999),
                new CellParameters.VoltageWindow(2.5, 4.2),
                SocTemperatureTable.ofSoc(SOC, T, OCV),
                new CellParameters.Impedance(
                        SocTemperatureTable.constant(0.025, T),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(0.012, T), SocTemperatureTable.constant(8.0, T)),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(0.020, T), SocTemperatureTable.constant(150.0, T))),
                new CellParameters.Hysteresis(0.030, 30.0),
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(0.3, 5e-5),
                        new EstimatorNoise.PolarisationNoise(2e-4, 2e-4),
                        new EstimatorNoise.VoltageNoise(voltageSigmaV, 0.0, 0.0, null),
                        EstimatorNoise.CapacityLearning.NONE,
                        EstimatorNoise.ResistanceLearning.NONE));
    }

    /**
     * A drive-cycle-like current at 1 Hz: a random walk of demand between 3C discharge and 1C regen,
     * with stops, that discharges on average at about C/2. Seeded, so the test is repeatable.
     */
    public static double[] driveCurrent(int seconds, double capacityAh, long seed) {
        Random random = new Random(seed);
        double[] i = new double[seconds];
        double demand = -0.5 * capacityAh;
        for (int k = 0; k < seconds; k++) {
            if (k % 300 > 270) {
                demand = 0; // a stop every five minutes
            } else {
                demand += 0.25 * capacityAh * random.nextGaussian();
                demand = Math.clamp(demand, -3 * capacityAh, capacityAh);
                demand += 0.02 * (-0.5 * capacityAh - demand);
            }
            i[k] = demand;
        }
        return i;
    }
}
