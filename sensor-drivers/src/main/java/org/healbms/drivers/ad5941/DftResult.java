package org.healbms.drivers.ad5941;

/**
 * One DFT result as the chip reports it: DFTREAL and DFTIMAG are 18-bit two's complement numbers in
 * bits 17:0 of their 32-bit registers (bit 17 is the sign; ADI's examples mask with 0x3FFFF and
 * sign-extend the same way).
 */
public record DftResult(int real, int imag) {

    static final int FULL_SCALE = (1 << 17) - 1;

    /** Bits 17:0 of a DFTREAL/DFTIMAG register, sign-extended; bits 31:18 are ignored. */
    static int decode18(int register) {
        return (register << 14) >> 14;
    }

    static DftResult fromRegisters(int dftReal, int dftImag) {
        return new DftResult(decode18(dftReal), decode18(dftImag));
    }

    /**
     * The phasor with the usual sign convention. The hardware returns the imaginary part negated
     * (ADI's impedance examples: "The sign of DFT Image result is added '-1' by hardware"), so it is
     * negated back here; otherwise a capacitive cell would show a positive reactance.
     */
    public Complex phasor() {
        return new Complex(real, -imag);
    }

    /** True if either part sits at the 18-bit limit, so the ADC or DFT path clipped. */
    public boolean clipped() {
        return Math.abs(real) >= FULL_SCALE || Math.abs(imag) >= FULL_SCALE;
    }
}
