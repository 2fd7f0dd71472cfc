package org.healbms.healing.thermal;

/**
 * What the interlocks look at on every tick of a heating run: the heated cell's two independent
 * temperatures, the current, the SoC estimate, and whether protection has any fault active.
 */
public record InterlockInputs(
        long nowNanos, TemperaturePair temperatures, double currentA, double soc, boolean protectionFault) {}
