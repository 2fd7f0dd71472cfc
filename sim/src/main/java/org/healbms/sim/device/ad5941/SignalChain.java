package org.healbms.sim.device.ad5941;

/**
 * Gain and phase between the voltage at the board's sense terminals and the ADC: the board's
 * instrumentation amplifier and coupling, the anti-alias filter and the ADC buffer. It is the same for
 * RCAL and the cell at one frequency, which is why the RCAL ratio cancels it; a direct V/I reading
 * would carry it as an error.
 *
 * @param gain     flat gain
 * @param phaseRad flat phase shift
 * @param poleHz   a single low-pass pole, {@code Double.POSITIVE_INFINITY} for none
 */
public record SignalChain(double gain, double phaseRad, double poleHz) {

    /** A sense amplifier of ×200 with a 10 kHz anti-alias pole. */
    public static final SignalChain BATZ_LIKE = new SignalChain(200, 0, 10_000);

    public Phasor responseAt(double frequencyHz) {
        Phasor pole = new Phasor(1, frequencyHz / poleHz).reciprocal();
        return Phasor.polar(gain, phaseRad).times(pole);
    }
}
