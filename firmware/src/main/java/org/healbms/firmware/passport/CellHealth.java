package org.healbms.firmware.passport;

/**
 * A cell's state of health as the online estimate has it when the state is saved, each figure with
 * its 1σ, and the impedance history's view of its ohmic resistance when it has one.
 *
 * @param capacityAh           the filter's learned capacity, Ah
 * @param resistanceScale      ohmic resistance as a multiple of the cell file's
 * @param eisOhmicIncrease     latest sweep's R_ohmic over its baseline's (same SoC and temperature window), less 1;
 *                             NaN without a comparable pair of sweeps
 * @param eisOhmicIncreaseSigma its 1σ, from the two fits' relative errors
 * @param eisEpochMs           when the latest sweep was taken; -1 without one
 */
public record CellHealth(
        int cell,
        double soc,
        double socSigma,
        double capacityAh,
        double capacitySigmaAh,
        double resistanceScale,
        double resistanceScaleSigma,
        double eisOhmicIncrease,
        double eisOhmicIncreaseSigma,
        long eisEpochMs) {

    /** Capacity fade against the rated capacity, %. */
    public double capacityFadePercent(double ratedCapacityAh) {
        return (1 - capacityAh / ratedCapacityAh) * 100;
    }

    public double capacityFadeSigmaPercent(double ratedCapacityAh) {
        return capacitySigmaAh / ratedCapacityAh * 100;
    }

    /** Internal (ohmic) resistance increase over the beginning of life, %. */
    public double resistanceIncreasePercent() {
        return (resistanceScale - 1) * 100;
    }

    public double resistanceIncreaseSigmaPercent() {
        return resistanceScaleSigma * 100;
    }

    /**
     * Power fade, %: the power a cell delivers at a given voltage drop goes as 1/R, so against the
     * beginning of life it is 1 - 1/scale.
     */
    public double powerFadePercent() {
        return (1 - 1 / resistanceScale) * 100;
    }

    public double powerFadeSigmaPercent() {
        return resistanceScaleSigma / (resistanceScale * resistanceScale) * 100;
    }
}
