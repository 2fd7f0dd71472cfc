/**
 * Sensor drivers: bus seams (I2C, SPI, serial, TCP) and register-level chip drivers that turn bus
 * bytes into readings for {@code bms-core}. Drivers depend on the seams, never on a platform
 * provider, so the same driver runs on a Pi, on a HIL bench, and against the emulators in {@code sim}.
 */
package org.healbms.drivers;
