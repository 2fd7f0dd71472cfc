package org.healbms.drivers.ad5941;

/**
 * What the board around the AD5941 fixes: the clock the sine generator runs from, the series
 * calibration resistor, and the excitation amplitude.
 *
 * @param systemClockHz   the clock WGFCW counts (the internal 16 MHz HFOSC unless the board says
 *                        otherwise)
 * @param rcalOhm         the calibration resistor in series with the cell
 * @param amplitudeWord   WGAMPLITUDE, 11 bits; ADI scales 2047 to 800 mV peak-to-peak at the HS DAC
 */
public record BatteryBoard(double systemClockHz, double rcalOhm, int amplitudeWord) {

    /**
     * The EVAL-AD5941BATZ: 16 MHz system clock and 50 mΩ RCAL as in ADI's AD5940_BATImpedance, and
     * the 300 mV peak-to-peak of the fact sheet's example sweep (300/800 × 2047 = 768; the example
     * version read for this driver configures 800 mV).
     */
    public static final BatteryBoard EVAL_AD5941BATZ = new BatteryBoard(16e6, 0.050, 768);

    public BatteryBoard {
        if (!(systemClockHz > 0)) {
            throw new IllegalArgumentException("AD5941 system clock must be positive: " + systemClockHz);
        }
        if (!(rcalOhm > 0)) {
            throw new IllegalArgumentException("AD5941 RCAL must be positive: " + rcalOhm);
        }
        if (amplitudeWord < 1 || amplitudeWord > Ad5941Map.WGAMPLITUDE_MAX) {
            throw new IllegalArgumentException("AD5941 amplitude word must be 1..2047: " + amplitudeWord);
        }
    }
}
