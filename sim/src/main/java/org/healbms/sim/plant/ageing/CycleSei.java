package org.healbms.sim.plant.ageing;

/**
 * SEI growth with charge throughput: every cycle's breathing cracks the film and the new surface binds
 * lithium, so the loss grows with the square root of throughput and faster when warm. Schimpe et al.,
 * J. Electrochem. Soc. 165 (2018) A181, eq. 15 and table IV: Q_loss = k_cyc(T)·√Q_tot with
 * k_cyc = 1.46e-4 Ah^-0.5·exp(−Ea/R·(1/T − 1/T_ref)), Ea = 32.7 kJ/mol, Q_tot the total (charge plus
 * discharge) throughput of their 3.0 Ah cell; here throughput is counted in the same equivalent cycles
 * of this cell, so a cell of another capacity ages per cycle as theirs does. Integrated as
 * d(Q_loss²) = k²·dQ (exact for a step at constant temperature). Its film adds resistance as the
 * calendar SEI's does.
 */
public final class CycleSei implements AgeingMechanism {

    static final double K_REF_PER_SQRT_AH = 1.46e-4;
    static final double PAPER_CAPACITY_AH = 3.0;
    static final ActivationEnergy ACTIVATION = new ActivationEnergy(32_700.0, 25.0);

    private final double rate;
    private double loss;

    public CycleSei(double rate) {
        this.rate = rate;
    }

    @Override
    public void step(StepConditions c) {
        if (c.currentA() == 0) {
            return;
        }
        double k = rate * K_REF_PER_SQRT_AH * ACTIVATION.factor(c.temperatureDegC());
        double paperAh = c.equivalentCycles() * 2.0 * PAPER_CAPACITY_AH;
        loss = Math.sqrt(loss * loss + k * k * paperAh);
    }

    @Override
    public double capacityLoss() {
        return loss;
    }

    @Override
    public double resistanceGrowth() {
        return CalendarSei.RESISTANCE_PER_LOSS * loss;
    }
}
