package org.healbms.healing.thermal;

/**
 * The hard limits of heating a cell, which no rule, setpoint or network request can move.
 *
 * @param maxTemperatureDegC    the cell must never be above this (below its separator's and SEI's limits)
 * @param maxRiseKPerMin        fastest allowed rise (thermal stress, and a sign of something wrong)
 * @param maxChargeCurrentA     no heating while charging harder than this
 * @param minSoc                no heating below this state of charge ...
 * @param maxSoc                ... or above this (a full cell at 70 degC ages fast)
 * @param sensorAgreementK      the two independent temperatures must agree within this
 */
public record HeatingLimits(
        double maxTemperatureDegC,
        double maxRiseKPerMin,
        double maxChargeCurrentA,
        double minSoc,
        double maxSoc,
        double sensorAgreementK) {

    /** For an NCA/graphite 18650 carrying a self-healing binder activated at 60-80 degC. */
    public static HeatingLimits typical() {
        return new HeatingLimits(85.0, 3.0, 0.1, 0.2, 0.8, 3.0);
    }

    /**
     * These limits with the maximum temperature no higher than {@code degC}: the protection's own
     * overtemperature limit, above which it opens the contactors (and latches them open). Heating past
     * it would turn a healing dose into a pack out of service; with the interlock at that limit the dose
     * is ended instead, and a run holds its target 5 K below it.
     */
    public HeatingLimits cappedAt(double degC) {
        return new HeatingLimits(
                Math.min(maxTemperatureDegC, degC),
                maxRiseKPerMin,
                maxChargeCurrentA,
                minSoc,
                maxSoc,
                sensorAgreementK);
    }
}
