package org.healbms.core.cell;

/**
 * The equivalent-circuit cell model run forward in time: given current and temperature it produces
 * the state (SoC, RC voltages, hysteresis) and the terminal voltage. Used as the plant in simulation,
 * to score identified parameters against measured voltage, and as the process model of the EKF
 * (through the static step functions, so both use exactly the same discretisation).
 *
 * <p>Discretisation assumes the current is constant over each step (zero-order hold), which makes the
 * RC and hysteresis updates exact for any step length, including the long gaps of logged tests.
 */
public final class EquivalentCircuitCell {

    private static final double SECONDS_PER_HOUR = 3600.0;

    private final CellParameters p;
    private double soc;
    private double v1;
    private double v2;
    private double h;

    public EquivalentCircuitCell(CellParameters parameters, double soc0) {
        this.p = parameters;
        reset(soc0, 0.0);
    }

    /** Starts at rest at the given SoC, with the hysteresis voltage at h0. */
    public void reset(double soc0, double h0) {
        this.soc = soc0;
        this.v1 = 0;
        this.v2 = 0;
        this.h = h0;
    }

    /** Advances the state by dt seconds at constant current (positive = charge). */
    public void step(double dtS, double currentA, double temperatureDegC) {
        // Parameters at the SoC the step starts from, as the EKF's prediction reads them.
        v1 = rcStep(
                v1,
                dtS,
                currentA,
                p.r1Ohm().value(soc, temperatureDegC),
                p.tau1S().value(soc, temperatureDegC));
        v2 = rcStep(
                v2,
                dtS,
                currentA,
                p.r2Ohm().value(soc, temperatureDegC),
                p.tau2S().value(soc, temperatureDegC));
        h = hysteresisStep(h, hysteresisDecay(p, dtS, currentA), currentA, p.hysteresisV());
        soc += socIncrement(p, dtS, currentA);
    }

    /** Terminal voltage for the present state while carrying the given current. */
    public double terminalVoltage(double currentA, double temperatureDegC) {
        return p.ocvV().valueExtrapolated(soc, temperatureDegC)
                + h
                + p.r0Ohm().value(soc, temperatureDegC) * currentA
                + v1
                + v2;
    }

    public double soc() {
        return soc;
    }

    public double hysteresis() {
        return h;
    }

    /** SoC change over dt at constant current; coulombic efficiency applies to charge only. */
    public static double socIncrement(CellParameters p, double dtS, double currentA) {
        double eta = currentA > 0 ? p.coulombicEfficiency() : 1.0;
        return eta * currentA * dtS / (SECONDS_PER_HOUR * p.capacityAh());
    }

    /** Exact zero-order-hold step of an RC pair: v' = a·v + R·(1-a)·i with a = exp(-dt/τ). */
    public static double rcStep(double v, double dtS, double currentA, double rOhm, double tauS) {
        double a = Math.exp(-dtS / tauS);
        return a * v + rOhm * (1.0 - a) * currentA;
    }

    /** Decay factor of the hysteresis state over dt: exp(-γ·|η·i·dt| / Q). */
    public static double hysteresisDecay(CellParameters p, double dtS, double currentA) {
        return Math.exp(hysteresisDecayExponent(p, socIncrement(p, dtS, currentA)));
    }

    /**
     * ln of {@link #hysteresisDecay}, -γ·|η·i·dt| / Q, from the step's {@link #socIncrement}: for a caller
     * that has the increment already and remembers its exp.
     */
    public static double hysteresisDecayExponent(CellParameters p, double socIncrement) {
        return -p.hysteresisRate() * Math.abs(socIncrement);
    }

    /** Hysteresis step: relaxes h toward +M on charge and -M on discharge by the decay factor. */
    public static double hysteresisStep(double h, double decay, double currentA, double maxV) {
        return decay * h + (1.0 - decay) * Math.signum(currentA) * maxV;
    }
}
