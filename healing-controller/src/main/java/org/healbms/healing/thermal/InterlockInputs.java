package org.healbms.healing.thermal;

/**
 * What the interlocks look at on every tick of a heating run: two independent temperatures of the
 * heated cell (an NTC and, say, an FBG or a second NTC) with whether each is usable, the current,
 * the SoC estimate, and whether protection has any fault active.
 */
public record InterlockInputs(long nowNanos, double temperatureADegC, boolean temperatureAOk, double temperatureBDegC,
                              boolean temperatureBOk, double currentA, double soc, boolean protectionFault) {
}
