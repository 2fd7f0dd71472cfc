package org.healbms.healing.thermal;

/**
 * A heated cell's two independent temperatures (an NTC and, say, an FBG or a second NTC), each with
 * whether its channel is usable. Heating needs both: one sensor alone cannot tell a real rise from a
 * sensor that drifted or came loose.
 *
 * @param aDegC the first sensor's reading (NaN where the board has none)
 * @param aOk   whether the first sensor's channel is usable
 * @param bDegC the second sensor's reading (NaN where the board has none: that cell cannot be heated)
 * @param bOk   whether the second sensor's channel is usable
 */
public record TemperaturePair(double aDegC, boolean aOk, double bDegC, boolean bOk) {

    /** Both sensors usable and reading a number. */
    public boolean usable() {
        return aOk && bOk && Double.isFinite(aDegC) && Double.isFinite(bDegC);
    }

    /** The hotter of the two (NaN if either is NaN): what the heating loop controls and limits. */
    public double hotterDegC() {
        return Math.max(aDegC, bDegC);
    }

    /** The hotter of the readings that are numbers: where a heating run starts from. */
    public double hotterReadingDegC() {
        return Double.isFinite(bDegC) ? Math.max(aDegC, bDegC) : aDegC;
    }

    /** How far the two sensors disagree, K. */
    public double spreadK() {
        return Math.abs(aDegC - bDegC);
    }
}
