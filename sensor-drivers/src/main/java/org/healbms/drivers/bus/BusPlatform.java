package org.healbms.drivers.bus;

import java.net.InetSocketAddress;

/**
 * Opens bus targets. Which platform the firmware uses (Pi4J's Linux providers on a Pi, the device
 * emulators of {@code sim} on a desktop or a HIL bench) comes from the board description, never
 * from code: drivers only ever see the targets.
 */
public interface BusPlatform extends AutoCloseable {

    I2cTarget i2c(int bus, int address) throws BusException;

    SpiTarget spi(int bus, int chipSelect, SpiMode mode, int clockHz) throws BusException;

    SerialLink serial(String port, int baud) throws BusException;

    /**
     * Where a network instrument at {@code host:port} is really reached: itself on a Pi or a bench,
     * an emulator's loopback port on a desktop.
     */
    default InetSocketAddress tcp(String host, int port) {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * A node on the CAN interface {@code iface} (SocketCAN's {@code can0} on a Pi). The interface and
     * its bit rate are brought up by the system (docs/can.md), not by the node.
     */
    CanBus can(String iface) throws BusException;

    /** A GPIO output by its BCM number, driven low when opened (the safe state of a coil or heater). */
    DigitalLine gpioOutput(int bcm) throws BusException;

    /**
     * A GPIO input by its BCM number, with the pin's pull-up (or pull-down) resistor on, so that an
     * open wire reads a defined level.
     */
    DigitalInput gpioInput(int bcm, boolean pullUp) throws BusException;

    /** A PWM output on a channel of the PWM chip, off when opened and on shutdown (a heater's safe state). */
    PwmLine pwmOutput(int channel, int frequencyHz) throws BusException;

    @Override
    void close() throws BusException;
}
