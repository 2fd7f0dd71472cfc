package org.healbms.drivers.ad5941;

/**
 * The sine generator's frequency control word (WGFCW): {@code f = SINEFCW × f_SYSCLK / 2^30}. The
 * register field is 24 bits (BITM_AFE_WGFCW_SINEFCW = 0xFFFFFF), which with 2^30 tops out at
 * f_SYSCLK/64 = 250 kHz from the 16 MHz internal oscillator, the maximum ADI's library documents;
 * ADI's no-OS and NuttX ports use 2^30 too. One ad5940lib version switches to 2^26 (with a 20-bit
 * clamp) on a silicon-revision flag; that variant is not supported here.
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
            throw new IllegalArgumentException(
                    "AD5941 cannot generate %s Hz from a %s Hz clock".formatted(requestedHz, systemClockHz));
        }
        return new FrequencyWord((int) word, word * systemClockHz / TWO_POW_30);
    }
}
