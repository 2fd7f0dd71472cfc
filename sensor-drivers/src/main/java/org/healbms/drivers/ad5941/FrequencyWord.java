package org.healbms.drivers.ad5941;

/**
 * The sine generator's frequency control word (WGFCW). The datasheet gives
 * {@code f = SINEFCW × f_SYSCLK / 2^30} with a 24-bit word, which tops out at f_SYSCLK/64 = 250 kHz
 * from the 16 MHz internal oscillator. ADI's library also carries a 2^26 variant for pre-release
 * silicon only; released AD5941 parts use 2^30.
 *
 * @param word        the 24-bit SINEFCW value
 * @param frequencyHz the frequency that word actually produces (the request rounded to the word's
 *                    resolution, f_SYSCLK/2^30 ≈ 0.015 Hz at 16 MHz)
 */
public record FrequencyWord(int word, double frequencyHz) {

    private static final double TWO_POW_30 = 1L << 30;

    public static FrequencyWord forFrequency(double requestedHz, double systemClockHz) {
        if (!(systemClockHz > 0)) {
            throw new IllegalArgumentException("AD5941 system clock must be positive: " + systemClockHz);
        }
        long word = Math.round(requestedHz * TWO_POW_30 / systemClockHz);
        if (!(requestedHz > 0) || word < 1 || word > Ad5941Map.WGFCW_MAX) {
            throw new IllegalArgumentException("AD5941 cannot generate %s Hz from a %s Hz clock"
                    .formatted(requestedHz, systemClockHz));
        }
        return new FrequencyWord((int) word, word * systemClockHz / TWO_POW_30);
    }
}
