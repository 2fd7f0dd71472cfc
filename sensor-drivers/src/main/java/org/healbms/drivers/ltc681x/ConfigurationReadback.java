package org.healbms.drivers.ltc681x;

/**
 * One IC's configuration as read back. On an LTC6811 only GPIO1..5 exist, so bits 5..8 of
 * {@code configuration().gpioPulldownsOff()} read 0 there.
 */
public record ConfigurationReadback(int ic, IcConfiguration configuration, boolean adcOpt) {}
