package org.healbms.sim.plant.ageing;

/**
 * The graphite anode's equilibrium potential against Li/Li+ as a function of the cell's state of
 * charge: Safari and Delacourt's fit of the graphite open-circuit potential (J. Electrochem. Soc. 158,
 * A562, 2011) over the anode stoichiometry, with the stoichiometry window of Schimpe et al. 2018
 * (x = 0.0085 at SoC 0 to 0.78 at SoC 1). Calendar SEI growth and lithium plating both read it: a low
 * anode potential drives the SEI reduction and leaves little margin before lithium deposits.
 */
public final class GraphitePotential {

    static final double X_AT_SOC_0 = 8.5e-3;
    static final double X_AT_SOC_1 = 0.78;
    /** The fit tabulated over SoC: every cell reads it every step, and five tanh cost more than the rest. */
    static final int TABLE_INTERVALS = 4000;

    private static final double[] TABLE = new double[TABLE_INTERVALS + 1];

    static {
        for (int k = 0; k <= TABLE_INTERVALS; k++) {
            TABLE[k] = fit((double) k / TABLE_INTERVALS);
        }
    }

    private GraphitePotential() {}

    /** Anode stoichiometry at a state of charge (clamped to the window: the fit is not made for outside it). */
    public static double stoichiometry(double soc) {
        return X_AT_SOC_0 + Math.clamp(soc, 0.0, 1.0) * (X_AT_SOC_1 - X_AT_SOC_0);
    }

    /** Equilibrium potential at a state of charge, V vs Li/Li+ (the fit, interpolated in its table). */
    public static double atSoc(double soc) {
        double position = Math.clamp(soc, 0.0, 1.0) * TABLE_INTERVALS;
        int k = Math.min((int) position, TABLE_INTERVALS - 1);
        double w = position - k;
        return TABLE[k] + w * (TABLE[k + 1] - TABLE[k]);
    }

    /** The fit itself at a state of charge, V vs Li/Li+. */
    static double fit(double soc) {
        double x = stoichiometry(soc);
        return 0.6379
                + 0.5416 * Math.exp(-305.5309 * x)
                + 0.044 * Math.tanh(-(x - 0.1958) / 0.1088)
                - 0.1978 * Math.tanh((x - 1.0571) / 0.0854)
                - 0.6875 * Math.tanh((x + 0.0117) / 0.0529)
                - 0.0175 * Math.tanh((x - 0.5692) / 0.0875);
    }
}
