package org.healbms.drivers.ad5941;

import java.time.Duration;

/**
 * ADC filter and DFT settings for one excitation frequency. The ADC runs at 800 kHz and SINC3
 * decimates by 4 (200 kHz), as in ADI's AD5940_BATImpedance. Below 450 Hz the DFT reads the SINC2
 * output instead, decimated by 640 (below 5 Hz, 312.5 Hz) or 178 (below 450 Hz, 1123.6 Hz), the
 * same break points as AppBATCheckFreq, so a DFT of at most 16384 points still spans several periods.
 * The DFT length is the smallest power of two covering {@link #MIN_PERIODS} periods; the Hanning
 * window (on, as in the example) keeps the leakage of a non-integer number of periods small, and what
 * is left is the same for RCAL and the cell, so it cancels in their ratio.
 *
 * @param sinc2OsrCode ADCFILTERCON.SINC2OSR code (ADCSINC2OSR_640 = 6, _178 = 3)
 * @param dftSource    DFTCON.DFTINSEL: 0 = SINC2 + notch output, 1 = SINC3 output
 * @param dftNumCode   DFTCON.DFTNUM: 2^(code+2) points
 * @param sampleRateHz rate of the samples the DFT consumes
 */
public record DftSetting(int sinc2OsrCode, int dftSource, int dftNumCode, double sampleRateHz) {

    static final int MIN_PERIODS = 4;
    static final int DFTSRC_SINC2NOTCH = 0;
    static final int DFTSRC_SINC3 = 1;
    private static final int SINC3OSR_4 = 1;
    private static final int SINC2OSR_178 = 3;
    private static final int SINC2OSR_640 = 6;
    private static final double SINC3_RATE_HZ = 800_000.0 / 4;
    private static final int MAX_DFTNUM_CODE = 12; // 16384 points

    public static DftSetting forFrequency(double frequencyHz) {
        int osr;
        int source;
        double rate;
        if (frequencyHz < 5) {
            osr = SINC2OSR_640;
            source = DFTSRC_SINC2NOTCH;
            rate = SINC3_RATE_HZ / 640;
        } else if (frequencyHz < 450) {
            osr = SINC2OSR_178;
            source = DFTSRC_SINC2NOTCH;
            rate = SINC3_RATE_HZ / 178;
        } else {
            osr = SINC2OSR_178;
            source = DFTSRC_SINC3;
            rate = SINC3_RATE_HZ;
        }
        double samplesNeeded = MIN_PERIODS * rate / frequencyHz;
        int code = 0;
        while (code < MAX_DFTNUM_CODE && (1 << (code + 2)) < samplesNeeded) {
            code++;
        }
        return new DftSetting(osr, source, code, rate);
    }

    public int points() {
        return 1 << (dftNumCode + 2);
    }

    /** How long the DFT takes to collect its points once the ADC converts. */
    public Duration duration() {
        return Duration.ofNanos(Math.round(points() / sampleRateHz * 1e9));
    }

    /** ADCFILTERCON: 800 kHz ADC, SINC3 ÷4, SINC2 OSR, 50/60 Hz notch bypassed, all clocks on. */
    int adcFilterCon() {
        return Ad5941Map.ADCFILTERCON_ADCCLK_800K
                | Ad5941Map.ADCFILTERCON_LPFBYPEN
                | sinc2OsrCode << Ad5941Map.ADCFILTERCON_SINC2OSR_SHIFT
                | SINC3OSR_4 << Ad5941Map.ADCFILTERCON_SINC3OSR_SHIFT;
    }

    /** DFTCON: Hanning window, point count, input. */
    int dftCon() {
        return Ad5941Map.DFTCON_HANNINGEN
                | dftNumCode << Ad5941Map.DFTCON_DFTNUM_SHIFT
                | dftSource << Ad5941Map.DFTCON_DFTINSEL_SHIFT;
    }
}
