package org.healbms.sim.plant.ageing;

/**
 * The healable mechanism: cycling cracks particles and the binder that holds them to the conductive
 * network, and a particle that loses contact strands its capacity and lengthens the electrons' path.
 * A self-healing binder (dynamic bonds that flow again when warmed: C. Wang et al., Nat. Chem. 5 (2013)
 * 1042 for the principle in silicon anodes; thermally re-mendable Diels-Alder networks, X. Chen et al.,
 * Science 295 (2002) 1698) re-bonds part of it when held above {@value #ACTIVATION_DEGC} degC.
 *
 * <p>The model, with assumed magnitudes (no commercial cell with such a binder has published ageing data):
 * <ul>
 * <li>damage D (fraction of active particles out of contact) grows per equivalent full cycle by
 *     k·C-rate, k = {@value #DAMAGE_PER_CYCLE_AT_1C} (a Paris-law crack growth with exponent 1 in the
 *     stress, which scales with the rate; Deshpande et al., J. Electrochem. Soc. 159 (2012) A1730);</li>
 * <li>fresh damage is healable; it sets (crack faces passivated by SEI, binder chains relaxed) with time
 *     constant {@value #SET_TAU_DAYS} days, so old damage heals less;</li>
 * <li>above the activation temperature healable damage re-bonds at the rate k_h·B, k_h = 1/1800 s at
 *     70 degC, doubling every 10 K, and each dose uses up the binder's mobile reserve B (dB/dt =
 *     −{@value #RESERVE_USE}·k_h·B, B starting at 1): a 30 min dose at 70 degC restores about 54 % of the
 *     healable damage the first time, 38 % the second, 25 % the third;</li>
 * <li>D strands the same fraction of capacity and adds {@value #RESISTANCE_PER_DAMAGE}·D to the ohmic
 *     resistance (the electronic network is more sensitive than the capacity).</li>
 * </ul>
 * For conditions held over a step the damage pools follow a linear ODE that is integrated exactly.
 */
public final class ContactLoss implements AgeingMechanism {

    public static final double ACTIVATION_DEGC = 60.0;
    static final double HEAL_TAU_AT_70_S = 1800.0;
    static final double DAMAGE_PER_CYCLE_AT_1C = 1.0e-4;
    static final double SET_TAU_DAYS = 30.0;
    static final double RESERVE_USE = 0.5;
    public static final double RESISTANCE_PER_DAMAGE = 4.0;

    private final double rate;
    private double healable;
    private double set;
    private double reserve = 1.0;
    private double healed;
    private int doses;
    private boolean hot;

    /** @param rate this cell's multiplier on the damage per cycle */
    public ContactLoss(double rate) {
        this.rate = rate;
    }

    /** Starts the cell with damage already done, all of it fresh (healable). */
    public static ContactLoss withDamage(double rate, double healableDamage) {
        if (!(healableDamage >= 0 && healableDamage < 1)) {
            throw new IllegalArgumentException(
                    "healable damage is a fraction of the particles, 0 <= D < 1, got " + healableDamage);
        }
        ContactLoss c = new ContactLoss(rate);
        c.healable = healableDamage;
        return c;
    }

    static double healingRatePerS(double degC) {
        return degC < ACTIVATION_DEGC ? 0.0 : Math.pow(2.0, (degC - 70.0) / 10.0) / HEAL_TAU_AT_70_S;
    }

    @Override
    public void step(StepConditions c) {
        double dt = c.dtS();
        double inflowPerS = dt > 0 ? rate * DAMAGE_PER_CYCLE_AT_1C * c.cRate() * c.equivalentCycles() / dt : 0.0;
        double setRate = 1.0 / (SET_TAU_DAYS * 86_400.0);
        double kh = healingRatePerS(c.temperatureDegC());
        // The reserve's mean over the step (it decays exponentially at RESERVE_USE·kh while hot).
        double reserveUse = RESERVE_USE * kh * dt;
        double reserveLeft = kh > 0 ? Math.exp(-reserveUse) : 1.0;
        double meanReserve = reserveUse > 1e-12 ? reserve * (1.0 - reserveLeft) / reserveUse : reserve;
        double healRate = kh * meanReserve;
        double lambda = setRate + healRate;
        double decay = Math.exp(-lambda * dt);
        double steady = inflowPerS / lambda;
        double before = healable;
        healable = steady + (before - steady) * decay;
        // What left the healable pool went to the set pool and to healing in proportion to their rates.
        double left = before + inflowPerS * dt - healable;
        set += left * setRate / lambda;
        healed += left * healRate / lambda;
        reserve *= reserveLeft;
        boolean nowHot = kh > 0;
        if (hot && !nowHot) {
            doses++;
        }
        hot = nowHot;
    }

    /** Damage a dose can still heal (fraction of particles). */
    public double healableDamage() {
        return healable;
    }

    /** Damage that has set and no dose heals. */
    public double setDamage() {
        return set;
    }

    public double damage() {
        return healable + set;
    }

    /** Damage healed over the cell's life. */
    public double healedDamage() {
        return healed;
    }

    /** What is left of the binder's mobile reserve, 1 when new. */
    public double binderReserve() {
        return reserve;
    }

    /** Completed healing doses: excursions above the activation temperature that have ended. */
    public int doses() {
        return doses;
    }

    @Override
    public double capacityLoss() {
        return damage();
    }

    @Override
    public double resistanceGrowth() {
        return RESISTANCE_PER_DAMAGE * damage();
    }
}
