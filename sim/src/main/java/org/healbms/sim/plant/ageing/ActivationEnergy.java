package org.healbms.sim.plant.ageing;

/**
 * An Arrhenius law about a reference temperature: factor(T) = exp(-Ea/R·(1/T − 1/T_ref)). A negative
 * energy gives a process that speeds up as the cell gets colder (what the low-temperature ageing terms
 * of Schimpe et al. 2018 use).
 */
public record ActivationEnergy(double joulePerMol, double referenceDegC) {

    static final double GAS_CONSTANT = 8.314;
    static final double KELVIN = 273.15;

    public double factor(double degC) {
        return Math.exp(-joulePerMol / GAS_CONSTANT * (1.0 / (degC + KELVIN) - 1.0 / (referenceDegC + KELVIN)));
    }
}
