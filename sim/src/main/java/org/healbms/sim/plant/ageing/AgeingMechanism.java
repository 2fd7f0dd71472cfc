package org.healbms.sim.plant.ageing;

/**
 * One way a cell ages. Each mechanism integrates its own law exactly for conditions held constant
 * over a step, so a step of any length (a 100 ms control tick or a 12 h rest) is the same integral.
 */
public interface AgeingMechanism {

    void step(StepConditions c);

    /** Capacity this mechanism has taken, as a fraction of the new cell's. */
    double capacityLoss();

    /** Ohmic resistance this mechanism has added, as a fraction of the new cell's. */
    double resistanceGrowth();
}
