package org.healbms.sim.plant;

/**
 * One cell with a heater, as a lumped thermal mass: C·dT/dt = P·duty − (T − T_ambient)/R_th,
 * stepped exactly for a constant duty over each step. It also carries a self-healing binder's
 * response: a resistance excess (above the new cell's R0) that heals while the cell is held above
 * {@value #ACTIVATION_DEGC} degC, faster when hotter (time constant halving every 10 K).
 *
 * <p>Defaults are an 18650 in a pack: 45 g at ~1 J/(g·K), 15 K/W to ambient, a 10 W heater: enough
 * to reach 150 K above ambient, so only the controller and the interlocks keep it in bounds.
 */
public final class CellThermalPlant {

    static final double ACTIVATION_DEGC = 60.0;
    static final double HEAL_TAU_AT_70_S = 1800.0;

    private final double heatCapacityJPerK;
    private final double thermalResistanceKPerW;
    private final double heaterW;
    private double ambientDegC;
    private double temperatureDegC;
    private double duty;
    private double resistanceExcess;

    public CellThermalPlant(
            double heatCapacityJPerK,
            double thermalResistanceKPerW,
            double heaterW,
            double ambientDegC,
            double resistanceExcess) {
        this.heatCapacityJPerK = heatCapacityJPerK;
        this.thermalResistanceKPerW = thermalResistanceKPerW;
        this.heaterW = heaterW;
        this.ambientDegC = ambientDegC;
        this.temperatureDegC = ambientDegC;
        this.resistanceExcess = resistanceExcess;
    }

    public static CellThermalPlant typical18650(double ambientDegC, double resistanceExcess) {
        return new CellThermalPlant(45.0, 15.0, 10.0, ambientDegC, resistanceExcess);
    }

    public void setDuty(double d) {
        duty = Math.clamp(d, 0.0, 1.0);
    }

    public double duty() {
        return duty;
    }

    public void setAmbient(double degC) {
        ambientDegC = degC;
    }

    public void step(double dtS) {
        double tau = heatCapacityJPerK * thermalResistanceKPerW;
        double steady = ambientDegC + heaterW * duty * thermalResistanceKPerW;
        temperatureDegC = steady + (temperatureDegC - steady) * Math.exp(-dtS / tau);
        if (temperatureDegC >= ACTIVATION_DEGC) {
            double healTau = HEAL_TAU_AT_70_S * Math.pow(2, -(temperatureDegC - 70.0) / 10.0);
            resistanceExcess *= Math.exp(-dtS / healTau);
        }
    }

    public double temperatureDegC() {
        return temperatureDegC;
    }

    /** Ohmic resistance relative to the new cell's. */
    public double resistanceScale() {
        return 1.0 + resistanceExcess;
    }
}
