package org.healbms.drivers.ltc681x;

/**
 * How a chain is built and driven: chip variant, number of ICs on the isoSPI daisy chain, ADC mode
 * for routine conversions, and the SPI clock (needed to size the wake-up pulse, which this bus can
 * only hold low by clocking dummy bytes).
 */
public record ChainSettings(Ltc681xVariant variant, int icCount, AdcMode adcMode, int spiClockHz) {

    /** Fact sheet section 1, "Bus": SPI mode 3, at most 1 MHz through the LTC6820. */
    public static final int MAX_SPI_CLOCK_HZ = 1_000_000;

    public ChainSettings {
        if (variant == null || adcMode == null) {
            throw new IllegalArgumentException("variant and ADC mode are required");
        }
        if (icCount < 1) {
            throw new IllegalArgumentException("a chain needs at least one IC, was " + icCount);
        }
        if (spiClockHz < 1 || spiClockHz > MAX_SPI_CLOCK_HZ) {
            throw new IllegalArgumentException("SPI clock must be 1 Hz..1 MHz, was " + spiClockHz + " Hz");
        }
    }
}
