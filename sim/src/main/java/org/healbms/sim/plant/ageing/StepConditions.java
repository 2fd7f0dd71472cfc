package org.healbms.sim.plant.ageing;

/**
 * What a cell went through over one step, held constant over it: the inputs every ageing mechanism
 * reads (each takes what it needs).
 *
 * @param dtS              step length, s
 * @param currentA         cell current, A, positive on charge
 * @param temperatureDegC  jelly-roll (core) temperature, where the side reactions run, degC
 * @param soc              true state of charge, 0..1
 * @param anodeRestV       graphite equilibrium potential against Li/Li+ at this state of charge, V
 * @param anodePotentialV  graphite potential against Li/Li+ while carrying the current, V (below 0: plating)
 * @param ratedCapacityAh  the new cell's capacity, Ah: throughput is counted in its equivalent full cycles
 */
public record StepConditions(
        double dtS,
        double currentA,
        double temperatureDegC,
        double soc,
        double anodeRestV,
        double anodePotentialV,
        double ratedCapacityAh) {

    /** Charge moved in or out over the step, in equivalent full cycles of the new cell (one cycle = 2 Q). */
    public double equivalentCycles() {
        return Math.abs(currentA) * dtS / 3600.0 / (2.0 * ratedCapacityAh);
    }

    /** |current| as a C-rate of the new cell. */
    public double cRate() {
        return Math.abs(currentA) / ratedCapacityAh;
    }

    public double kelvin() {
        return temperatureDegC + 273.15;
    }
}
