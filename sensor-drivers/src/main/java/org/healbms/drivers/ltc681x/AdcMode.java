package org.healbms.drivers.ltc681x;

import java.time.Duration;

/**
 * ADC speed: the MD bits of a conversion command together with the ADCOPT bit of CFGR0 (fact sheet
 * section 1: MD 01 = 27 kHz, 10 = 7 kHz, 11 = 26 Hz; with ADCOPT = 1: 14 kHz, 3 kHz, 2 kHz). The
 * 422 Hz / 1 kHz modes (MD = 00) are left out: their conversion times are not in the fact sheet.
 *
 * <p>Times are the fact sheet's all-12-cell and 2-cell rows [L2]. For the 18-cell LTC6813 the
 * all-cell time is extrapolated as 2-cell + (12-cell - 2-cell) x 5/3: the three ADCs do six rounds
 * instead of four. That is an estimate, which is why the driver confirms the end with PLADC.
 */
public enum AdcMode {
    KHZ_27(0b01, false, 1_113, 201),
    KHZ_14(0b01, true, 1_288, 230),
    KHZ_7(0b10, false, 2_335, 405),
    KHZ_3(0b10, true, 3_033, 521),
    KHZ_2(0b11, true, 4_430, 754),
    HZ_26(0b11, false, 201_300, 33_600);

    private final int md;
    private final boolean adcOpt;
    private final long twelveCellMicros;
    private final long twoCellMicros;

    AdcMode(int md, boolean adcOpt, long twelveCellMicros, long twoCellMicros) {
        this.md = md;
        this.adcOpt = adcOpt;
        this.twelveCellMicros = twelveCellMicros;
        this.twoCellMicros = twoCellMicros;
    }

    /** The MD field of ADCV, ADAX, ADSTAT, ADOW and CVST. */
    public int md() {
        return md;
    }

    /** The CFGR0 ADCOPT bit this mode needs. */
    public boolean adcOpt() {
        return adcOpt;
    }

    /** Time to convert all cells of one IC of {@code variant}. */
    public Duration allCellConversionTime(Ltc681xVariant variant) {
        long micros = variant.cellCount() == 12
                ? twelveCellMicros
                : twoCellMicros + Math.ceilDiv((twelveCellMicros - twoCellMicros) * 5, 3);
        return Duration.ofNanos(micros * 1_000);
    }

    /**
     * The mode the open-wire check and the self test run in: MD = 10 (7 kHz, or 3 kHz with ADCOPT),
     * the mode the fact sheet gives the ADOW x2 recipe and the 0x9555 / 0x6AAA patterns for.
     */
    public AdcMode diagnosticMode() {
        return adcOpt ? KHZ_3 : KHZ_7;
    }
}
