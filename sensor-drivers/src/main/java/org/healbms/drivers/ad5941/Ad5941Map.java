package org.healbms.drivers.ad5941;

/**
 * The AD5940/AD5941 registers and bit fields this driver uses, at the addresses of ADI's
 * {@code ad5940.h} (ad5940lib / ad5940-examples). Registers 0x1000–0x3014 are 32 bits wide on the
 * SPI, all others 16 bits (fact sheet §5, and the width test in ad5940.c's register read).
 */
final class Ad5941Map {

    private Ad5941Map() {}

    // Identification (16-bit registers).
    static final int ADIID = 0x0400;
    static final int CHIPID = 0x0404;
    static final int ADIID_VALUE = 0x4144;
    /** CHIPID of the AD594x silicon revisions seen in ADI's code (0x5501, 0x5502). */
    static final int CHIPID_FAMILY = 0x5500;

    // AFE block.
    static final int AFECON = 0x2000;
    static final int SWCON = 0x200C;
    static final int HSDACCON = 0x2010;
    static final int WGCON = 0x2014;
    static final int WGFCW = 0x2030;
    static final int WGPHASE = 0x2034;
    static final int WGOFFSET = 0x2038;
    static final int WGAMPLITUDE = 0x203C;
    static final int ADCFILTERCON = 0x2044;
    static final int DFTREAL = 0x2078;
    static final int DFTIMAG = 0x207C;
    static final int DFTCON = 0x20D0;
    static final int DSWFULLCON = 0x2150;
    static final int NSWFULLCON = 0x2154;
    static final int PSWFULLCON = 0x2158;
    static final int TSWFULLCON = 0x215C;
    static final int ADCCON = 0x21A8;
    /** Drives the ADG636 on the EVAL-AD5941BATZ that puts RCAL or the cell on the ADC inputs. */
    static final int SWMUX = 0x235C;

    // Interrupt controller.
    static final int INTCCLR = 0x3004;
    static final int INTCSEL1 = 0x300C;
    static final int INTCFLAG1 = 0x3014;
    static final int INT_DFTRDY = 1 << 1;

    // AFECON bits.
    static final int AFECON_DACREFEN = 1 << 20;
    static final int AFECON_ALDOILIMITEN = 1 << 19;
    static final int AFECON_SINC2EN = 1 << 16;
    static final int AFECON_DFTEN = 1 << 15;
    static final int AFECON_WAVEGENEN = 1 << 14;
    static final int AFECON_INAMPEN = 1 << 10;
    static final int AFECON_EXBUFEN = 1 << 9;
    static final int AFECON_ADCCONVEN = 1 << 8;
    static final int AFECON_ADCEN = 1 << 7;
    static final int AFECON_DACEN = 1 << 6;

    // WGCON: TYPESEL in bits 2:1, 2 = sine (WGTYPE_SIN).
    static final int WGCON_SINE = 2 << 1;
    /** WGFCW holds a 24-bit word (BITM_AFE_WGFCW_SINEFCW). */
    static final int WGFCW_MAX = 0x00FF_FFFF;

    static final int WGAMPLITUDE_MAX = 0x7FF;

    // HSDACCON: update rate in bits 8:1; 0x1B is the fastest rate ADI uses (16 MHz / 7).
    static final int HSDACCON_RATE_0X1B = 0x1B << 1;

    // Switch matrix (full-configuration registers, selected by SWCON.SWSOURCESEL).
    static final int SWCON_SWSOURCESEL = 1 << 16;
    static final int SWD_CE0 = 1 << 4;
    static final int SWP_AIN1 = 1 << 1;
    static final int SWN_AIN0 = 1;

    // ADCCON: MUXSELP 5:0, MUXSELN 12:8, GNPGA 18:16.
    static final int ADCMUXP_AIN3 = 0x07;
    static final int ADCMUXN_AIN2 = 0x06;
    static final int ADCPGA_1P5 = 1;
    static final int ADCCON_MUXSELN_SHIFT = 8;
    static final int ADCCON_GNPGA_SHIFT = 16;

    // ADCFILTERCON fields.
    static final int ADCFILTERCON_ADCCLK_800K = 1;
    static final int ADCFILTERCON_LPFBYPEN = 1 << 4;
    static final int ADCFILTERCON_SINC2OSR_SHIFT = 8;
    static final int ADCFILTERCON_SINC3OSR_SHIFT = 12;

    // DFTCON fields.
    static final int DFTCON_HANNINGEN = 1;
    static final int DFTCON_DFTNUM_SHIFT = 4;
    static final int DFTCON_DFTINSEL_SHIFT = 20;
}
