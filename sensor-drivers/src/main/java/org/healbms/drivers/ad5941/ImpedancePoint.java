package org.healbms.drivers.ad5941;

import java.time.Instant;

/**
 * The cell impedance at one frequency. When {@link #fault()} is not {@link ImpedanceFault#NONE} the
 * impedance parts are NaN and must not be used; the raw DFT results are kept either way.
 *
 * @param frequencyHz the frequency actually generated (the WGFCW word's, not the requested one)
 * @param realOhm     resistance, ohm
 * @param imagOhm     reactance, ohm (negative for a capacitive cell)
 * @param rcal        DFT of the voltage across RCAL
 * @param cell        DFT of the voltage across the cell
 * @param measuredAt  when the cell's DFT finished
 */
public record ImpedancePoint(
        double frequencyHz,
        double realOhm,
        double imagOhm,
        ImpedanceFault fault,
        DftResult rcal,
        DftResult cell,
        Instant measuredAt) {

    public boolean valid() {
        return fault == ImpedanceFault.NONE;
    }

    public double magnitudeOhm() {
        return Math.hypot(realOhm, imagOhm);
    }
}
