package org.healbms.sim.plant.ageing;

/**
 * Calendar ageing: the SEI grows whether or not current flows, by a square-root law in time whose rate
 * rises with temperature (Arrhenius) and with a low anode potential (high state of charge). Schimpe et
 * al., J. Electrochem. Soc. 165 (2018) A181, eq. 9 and table IV:
 * Q_loss = k_cal(T, SoC)·√t, k_cal = k_ref·exp(−Ea/R·(1/T − 1/T_ref))·(exp(α·F·(U_ref − U_a(SoC))/(R·T_ref)) + k0),
 * k_ref = 3.69e-4 h^-0.5, Ea = 20.6 kJ/mol, α = 0.384, U_ref = 0.123 V, k0 = 0.142, T_ref = 25 degC.
 *
 * <p>The law is integrated in the form d(Q_loss²)/dt = k_cal², which is exact for conditions held over a
 * step of any length and carries the history in Q_loss itself ("virtual time"): a 12 h rest in one step
 * ages the cell as 43 200 one-second steps do. Healing's price lands here too: the hours a dose holds the
 * cell at 70 degC run this law three times faster than at 25 degC.
 *
 * <p>The SEI's film also adds resistance: in proportion to the lithium it has bound (film thickness grows
 * with the charge consumed; Ning and Popov, J. Electrochem. Soc. 151, A1584, 2004).
 */
public final class CalendarSei implements AgeingMechanism {

    static final double K_REF_PER_SQRT_H = 3.69e-4;
    static final ActivationEnergy ACTIVATION = new ActivationEnergy(20_600.0, 25.0);
    static final double ALPHA = 0.384;
    static final double U_REF_V = 0.123;
    static final double K0 = 0.142;
    static final double F_OVER_RT_REF = 96_485.0 / (ActivationEnergy.GAS_CONSTANT * 298.15);
    /** Ohmic resistance added per unit of capacity lost to the SEI (fraction per fraction). */
    static final double RESISTANCE_PER_LOSS = 1.5;

    private final double rate;
    private double loss;

    /** @param rate this cell's multiplier on k_cal (cell-to-cell variation; 1 for the paper's cell) */
    public CalendarSei(double rate) {
        this.rate = rate;
    }

    /** k_cal at a temperature and graphite potential (see {@link GraphitePotential}), h^-0.5. */
    public double rateConstant(double degC, double anodeRestV) {
        double potential = Math.exp(ALPHA * F_OVER_RT_REF * (U_REF_V - anodeRestV));
        return rate * K_REF_PER_SQRT_H * ACTIVATION.factor(degC) * (potential + K0);
    }

    @Override
    public void step(StepConditions c) {
        double k = rateConstant(c.temperatureDegC(), c.anodeRestV());
        loss = Math.sqrt(loss * loss + k * k * c.dtS() / 3600.0);
    }

    @Override
    public double capacityLoss() {
        return loss;
    }

    @Override
    public double resistanceGrowth() {
        return RESISTANCE_PER_LOSS * loss;
    }
}
