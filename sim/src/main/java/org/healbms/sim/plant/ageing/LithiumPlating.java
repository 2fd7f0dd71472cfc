package org.healbms.sim.plant.ageing;

/**
 * Lithium plating: when a charge pulls the graphite's potential below 0 V against Li/Li+ (cold, fast or
 * nearly full), part of the current deposits lithium metal instead of intercalating. Lumped from the
 * plating/stripping model of O'Kane et al., J. Electrochem. Soc. 167 (2020) 090540, and its partially
 * reversible form in O'Kane et al., Phys. Chem. Chem. Phys. 24 (2022) 7909:
 * <ul>
 * <li>plating current (cathodic Tafel branch, transfer coefficient 0.5):
 *     I_pl = min(I, I_0·(exp(−α·F·φ/(R·T)) − 1)) while charging with φ &lt; 0, I_0 = {@value #EXCHANGE_C_RATE} C;</li>
 * <li>plated lithium strips back when the anode is above 0 V (rest, discharge) with time constant
 *     {@value #STRIP_TAU_S} s (the stripping plateau Petzl and Danzer, J. Power Sources 254 (2014) 80,
 *     see within the first hour of rest);</li>
 * <li>while plated, lithium loses contact ("dead lithium") at the rate 1/{@value #DEAD_TAU_S} s: with
 *     stripping that leaves about 30 % of a plated charge irreversible, an assumed split of the order
 *     Petzl and Danzer measured (theirs depends on temperature and rate).</li>
 * </ul>
 * Only dead lithium is lost capacity. Each step integrates the plated charge's linear ODE exactly.
 */
public final class LithiumPlating implements AgeingMechanism {

    static final double EXCHANGE_C_RATE = 0.01;
    static final double ALPHA = 0.5;
    static final double FARADAY_OVER_R = 96_485.0 / ActivationEnergy.GAS_CONSTANT;
    static final double STRIP_TAU_S = 1800.0;
    static final double DEAD_TAU_S = 4200.0;

    private final double rate;
    /** Plated lithium still able to strip back, Ah. */
    private double reversibleAh;
    /** Lithium lost as dead metal, Ah. */
    private double deadAh;
    /** All lithium ever plated, Ah. */
    private double platedAh;

    private double ratedCapacityAh = Double.NaN;

    /** @param rate this cell's multiplier on the plating exchange current */
    public LithiumPlating(double rate) {
        this.rate = rate;
    }

    /** The part of a charge current that plates at an anode potential and temperature, A. */
    double platingCurrentA(double currentA, double anodePotentialV, double degC, double ratedCapacityAh) {
        if (currentA <= 0 || anodePotentialV >= 0) {
            return 0;
        }
        double drive = Math.expm1(-ALPHA * FARADAY_OVER_R * anodePotentialV / (degC + ActivationEnergy.KELVIN));
        return Math.min(currentA, rate * EXCHANGE_C_RATE * ratedCapacityAh * drive);
    }

    @Override
    public void step(StepConditions c) {
        ratedCapacityAh = c.ratedCapacityAh();
        double plating = platingCurrentA(c.currentA(), c.anodePotentialV(), c.temperatureDegC(), c.ratedCapacityAh());
        double inflowAhPerS = plating / 3600.0;
        // dP/dt = g − λ·P with λ the loss rate (dead only while plating, dead and stripping otherwise).
        double lambda = 1.0 / DEAD_TAU_S + (plating > 0 ? 0.0 : 1.0 / STRIP_TAU_S);
        double decay = Math.exp(-lambda * c.dtS());
        double steady = inflowAhPerS / lambda;
        double before = reversibleAh;
        reversibleAh = steady + (before - steady) * decay;
        // ∫P dt over the step, of which the dead share 1/DEAD_TAU_S is lost for good.
        double integral = steady * c.dtS() + (before - steady) * (1.0 - decay) / lambda;
        deadAh += integral / DEAD_TAU_S;
        platedAh += inflowAhPerS * c.dtS();
    }

    /** Lithium plated and still reversible, Ah. */
    public double reversibleAh() {
        return reversibleAh;
    }

    /** All lithium plated over the cell's life, Ah. */
    public double platedAh() {
        return platedAh;
    }

    public double deadAh() {
        return deadAh;
    }

    @Override
    public double capacityLoss() {
        return Double.isNaN(ratedCapacityAh) ? 0.0 : deadAh / ratedCapacityAh;
    }

    @Override
    public double resistanceGrowth() {
        return 0.0;
    }
}
