package org.healbms.sim.plant.ageing;

/**
 * Loss of active material: particles that crack apart or whose structure decays with cycling no longer
 * store lithium. Linear in throughput and steeper at high rate, as J. Wang et al. (J. Power Sources 269
 * (2014) 937) found for the active-material losses of cycled graphite/NMC cells, where they stayed the
 * smaller share of the fade (lithium loss outpaced them). Per equivalent full cycle the loss is
 * k·(1 + C-rate) with k = {@value #LOSS_PER_CYCLE} (0.8 % over a year of one C/2 cycle a day, a third of
 * the SEI's share there). Less active surface also carries the same current at higher charge-transfer
 * resistance: the ohmic growth equals the loss.
 */
public final class ActiveMaterialLoss implements AgeingMechanism {

    static final double LOSS_PER_CYCLE = 1.5e-5;

    private final double rate;
    private double loss;

    public ActiveMaterialLoss(double rate) {
        this.rate = rate;
    }

    @Override
    public void step(StepConditions c) {
        loss += rate * LOSS_PER_CYCLE * (1.0 + c.cRate()) * c.equivalentCycles();
    }

    @Override
    public double capacityLoss() {
        return loss;
    }

    @Override
    public double resistanceGrowth() {
        return loss;
    }
}
