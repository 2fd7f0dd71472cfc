package org.healbms.drivers.ad5941;

/** What the maths could tell about one frequency point of a sweep. */
public enum ImpedanceFault {
    /** The point holds a valid impedance. */
    NONE,
    /**
     * Almost no signal across RCAL: no excitation current flows (open cell connection, open RCAL,
     * excitation path off), so the ratio would divide noise by noise.
     */
    NO_EXCITATION,
    /** A DFT result sits at the 18-bit limit: the ADC clipped, the ratio is not linear any more. */
    CLIPPED
}
