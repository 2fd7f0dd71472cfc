package org.healbms.drivers.bus;

/** SPI clock polarity and phase. Each chip's datasheet names one (LTC6811: 3, ADS1220: 1). */
public enum SpiMode {
    MODE_0,
    MODE_1,
    MODE_2,
    MODE_3;

    public int number() {
        return ordinal();
    }
}
