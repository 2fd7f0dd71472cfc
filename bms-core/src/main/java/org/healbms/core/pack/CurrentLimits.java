package org.healbms.core.pack;

/** How much current the pack may take now, both as positive numbers of amperes. */
public record CurrentLimits(double chargeA, double dischargeA) {

    public static final CurrentLimits NONE = new CurrentLimits(0, 0);
}
