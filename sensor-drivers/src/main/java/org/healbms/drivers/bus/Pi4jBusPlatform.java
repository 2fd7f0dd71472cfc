package org.healbms.drivers.bus;

import com.fazecast.jSerialComm.SerialPort;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The platform on a Raspberry Pi: I2C and SPI through a Pi4J context (whose providers, linuxfs or
 * ffm, Pi4J picks by priority from what is on the class path), serial lines through jSerialComm.
 * Pi4J reports transfer failures as unchecked exceptions; they become {@link BusException}s naming
 * the device, so one failing chip degrades its own readings only.
 */
public final class Pi4jBusPlatform implements BusPlatform {

    private static final int SERIAL_READ_TIMEOUT_MS = 200;

    private final Context context;

    public Pi4jBusPlatform(Context context) {
        this.context = context;
    }

    @Override
    public I2cTarget i2c(int bus, int address) throws BusException {
        String name = "i2c-%d@0x%02X".formatted(bus, address);
        I2C device;
        try {
            device = context.create(I2C.newConfigBuilder(context)
                    .id(name)
                    .bus(bus)
                    .device(address)
                    .build());
        } catch (RuntimeException e) {
            throw new BusException(name + ": cannot open: " + e.getMessage(), e);
        }
        return new I2cTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void writeThenRead(byte[] write, byte[] read) throws BusException {
                try {
                    if (read.length == 0) {
                        device.write(write);
                    } else {
                        device.writeThenRead(write, read);
                    }
                } catch (RuntimeException e) {
                    throw new BusException(name + ": transfer failed: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public SpiTarget spi(int bus, int chipSelect, SpiMode mode, int clockHz) throws BusException {
        String name = "spi-%d.%d".formatted(bus, chipSelect);
        Spi device;
        try {
            SpiConfig config = Spi.newConfigBuilder(context)
                    .id(name)
                    .bus(bus)
                    .channel(chipSelect)
                    .mode(mode.number())
                    .baud(clockHz)
                    .build();
            device = context.create(config);
        } catch (RuntimeException e) {
            throw new BusException(name + ": cannot open: " + e.getMessage(), e);
        }
        return new SpiTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void transfer(byte[] tx, byte[] rx) throws BusException {
                if (tx.length != rx.length) {
                    throw new IllegalArgumentException("SPI transfer needs equal tx and rx lengths");
                }
                try {
                    device.transfer(tx, rx);
                } catch (RuntimeException e) {
                    throw new BusException(name + ": transfer failed: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public SerialLink serial(String port, int baud) throws BusException {
        SerialPort serialPort = SerialPort.getCommPort(port);
        serialPort.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        serialPort.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, SERIAL_READ_TIMEOUT_MS, 0);
        if (!serialPort.openPort()) {
            throw new BusException(port + ": cannot open serial port (error " + serialPort.getLastErrorCode() + ")");
        }
        return new SerialLink() {
            @Override
            public String name() {
                return port;
            }

            @Override
            public InputStream input() {
                return serialPort.getInputStream();
            }

            @Override
            public OutputStream output() {
                return serialPort.getOutputStream();
            }

            @Override
            public void close() {
                serialPort.closePort();
            }
        };
    }

    /** SocketCAN through JavaCAN: Pi4J has no CAN, and the kernel's socket is what can-utils use too. */
    @Override
    public CanBus can(String iface) throws BusException {
        return SocketCanBus.open(iface, JavaCanSocket::open);
    }

    @Override
    public DigitalLine gpioOutput(int bcm) throws BusException {
        String name = "gpio-" + bcm;
        com.pi4j.io.gpio.digital.DigitalOutput out;
        try {
            out = context.create(com.pi4j.io.gpio.digital.DigitalOutput.newConfigBuilder(context)
                    .id(name)
                    .bcm(bcm)
                    .initial(com.pi4j.io.gpio.digital.DigitalState.LOW)
                    .shutdown(com.pi4j.io.gpio.digital.DigitalState.LOW)
                    .build());
        } catch (RuntimeException e) {
            throw new BusException(name + ": cannot open: " + e.getMessage(), e);
        }
        return new DigitalLine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void set(boolean high) throws BusException {
                try {
                    out.state(
                            high
                                    ? com.pi4j.io.gpio.digital.DigitalState.HIGH
                                    : com.pi4j.io.gpio.digital.DigitalState.LOW);
                } catch (RuntimeException e) {
                    throw new BusException(name + ": write failed: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public DigitalInput gpioInput(int bcm, boolean pullUp) throws BusException {
        String name = "gpio-" + bcm;
        com.pi4j.io.gpio.digital.DigitalInput in; // named in full: the seam's DigitalInput is ours
        try {
            // No Pi4J debounce: the feedback check debounces in time itself, and a filtered pin
            // would hide how often a contact bounces.
            in = context.create(com.pi4j.io.gpio.digital.DigitalInput.newConfigBuilder(context)
                    .id(name)
                    .bcm(bcm)
                    .pull(pullUp ? PullResistance.PULL_UP : PullResistance.PULL_DOWN)
                    .build());
        } catch (RuntimeException e) {
            throw new BusException(name + ": cannot open: " + e.getMessage(), e);
        }
        return new DigitalInput() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean high() throws BusException {
                try {
                    return in.isHigh();
                } catch (RuntimeException e) {
                    throw new BusException(name + ": read failed: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public PwmLine pwmOutput(int channel, int frequencyHz) throws BusException {
        String name = "pwm-" + channel;
        com.pi4j.io.pwm.Pwm pwm;
        try {
            pwm = context.create(com.pi4j.io.pwm.Pwm.newConfigBuilder(context)
                    .id(name)
                    .channel(channel)
                    .frequency(frequencyHz)
                    .dutyCycle(0)
                    .initial(0)
                    .shutdown(0)
                    .build());
        } catch (RuntimeException e) {
            throw new BusException(name + ": cannot open: " + e.getMessage(), e);
        }
        return new PwmLine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void setDuty(double duty) throws BusException {
                try {
                    int percent = (int) Math.round(100 * Math.clamp(duty, 0.0, 1.0));
                    if (percent == 0) {
                        pwm.off();
                    } else {
                        pwm.on(percent, frequencyHz);
                    }
                } catch (RuntimeException e) {
                    throw new BusException(name + ": write failed: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void close() throws BusException {
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            throw new BusException("Pi4J shutdown failed: " + e.getMessage(), e);
        }
    }
}
