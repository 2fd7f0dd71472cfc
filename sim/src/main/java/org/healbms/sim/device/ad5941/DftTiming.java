package org.healbms.sim.device.ad5941;

/**
 * How long the AD5941's DFT takes for the programmed filters: ADC at 800 kHz or 1.6 MHz
 * (ADCFILTERCON bit 0), SINC3 decimation 5/4/2 (bits 13:12), SINC2 decimation (bits 11:8), and the
 * DFT input (DFTCON bits 21:20: SINC2, SINC3 or raw ADC) feeding 2^(DFTNUM+2) points, at most 16384.
 */
final class DftTiming {

    private static final int[] SINC3_OSR = {5, 4, 2, 2};
    private static final int[] SINC2_OSR = {
        22, 44, 89, 178, 267, 533, 640, 667, 800, 889, 1067, 1333, 1333, 1333, 1333, 1333
    };

    private DftTiming() {}

    static long durationNanos(int adcFilterCon, int dftCon) {
        double adcRate = (adcFilterCon & 1) != 0 ? 800_000 : 1_600_000;
        double sinc3Rate = adcRate / SINC3_OSR[(adcFilterCon >>> 12) & 3];
        double sinc2Rate = sinc3Rate / SINC2_OSR[(adcFilterCon >>> 8) & 0xF];
        double rate = switch ((dftCon >>> 20) & 3) {
            case 0 -> sinc2Rate;
            case 1 -> sinc3Rate;
            default -> adcRate;
        };
        int points = 1 << (Math.min((dftCon >>> 4) & 0xF, 12) + 2);
        return Math.round(points / rate * 1e9);
    }
}
