package org.healbms.core.identification;

/**
 * The dynamic fit at one temperature.
 *
 * @param temperatureDegC mean cell temperature of the tests fitted, °C
 * @param parameters      the fitted R0(SoC), RC pairs, hysteresis and OCV correction
 * @param tests           how many dynamic tests were fitted together at this temperature
 */
public record TemperatureFit(double temperatureDegC, DynamicParameters parameters, int tests) {}
