package org.healbms.sim.device;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Supplier;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.BusPlatform;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.DigitalInput;
import org.healbms.drivers.bus.DigitalLine;
import org.healbms.drivers.bus.I2cTarget;
import org.healbms.drivers.bus.PwmLine;
import org.healbms.drivers.bus.SerialLink;
import org.healbms.drivers.bus.SpiMode;
import org.healbms.drivers.bus.SpiTarget;
import org.healbms.sim.device.can.EmulatedCanBus;

/**
 * The platform on a desktop or in tests: device emulators attached at the bus addresses a board
 * description names. Opening an address where nothing is attached fails the way a real bus does,
 * with a {@link BusException} (an I2C address that never acknowledges).
 */
public final class EmulatedBusPlatform implements BusPlatform {

    private final Map<String, I2cTarget> i2cDevices = new HashMap<>();
    private final Map<String, SpiTarget> spiDevices = new HashMap<>();
    private final Map<String, Supplier<SerialLink>> serialDevices = new HashMap<>();
    private final Map<String, Integer> tcpPorts = new HashMap<>();
    private final Map<String, EmulatedCanBus> canBuses = new HashMap<>();

    public EmulatedBusPlatform attach(int bus, int address, I2cTarget emulator) {
        i2cDevices.put(i2cKey(bus, address), emulator);
        return this;
    }

    public EmulatedBusPlatform attach(int bus, int chipSelect, SpiTarget emulator) {
        spiDevices.put(spiKey(bus, chipSelect), emulator);
        return this;
    }

    public EmulatedBusPlatform attachSerial(String port, Supplier<SerialLink> emulator) {
        serialDevices.put(port, emulator);
        return this;
    }

    @Override
    public I2cTarget i2c(int bus, int address) throws BusException {
        I2cTarget device = i2cDevices.get(i2cKey(bus, address));
        if (device == null) {
            throw new BusException("i2c-%d@0x%02X: no device acknowledges".formatted(bus, address));
        }
        return device;
    }

    @Override
    public SpiTarget spi(int bus, int chipSelect, SpiMode mode, int clockHz) throws BusException {
        SpiTarget device = spiDevices.get(spiKey(bus, chipSelect));
        if (device == null) {
            throw new BusException("spi-%d.%d: no device emulated on this chip select".formatted(bus, chipSelect));
        }
        return device;
    }

    @Override
    public SerialLink serial(String port, int baud) throws BusException {
        Supplier<SerialLink> device = serialDevices.get(port);
        if (device == null) {
            throw new BusException(port + ": no such serial port");
        }
        return device.get();
    }

    /** An emulated CAN interface this platform opens nodes on. */
    public EmulatedBusPlatform attachCan(EmulatedCanBus bus) {
        canBuses.put(bus.iface(), bus);
        return this;
    }

    @Override
    public CanBus can(String iface) throws BusException {
        EmulatedCanBus bus = canBuses.get(iface);
        if (bus == null) {
            throw new BusException(iface + ": no such CAN interface on this emulated board");
        }
        return bus.node();
    }

    /** A network instrument's emulator, listening on loopback {@code localPort}, stands for {@code host:port}. */
    public EmulatedBusPlatform attachTcp(String host, int port, int localPort) {
        tcpPorts.put(host + ":" + port, localPort);
        return this;
    }

    @Override
    public InetSocketAddress tcp(String host, int port) {
        Integer local = tcpPorts.get(host + ":" + port);
        // Nothing emulated there: a closed loopback port, so the connection is refused like a dead instrument.
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), local == null ? 9 : local);
    }

    /**
     * An output nothing listens to: on an emulated board the contactors are modelled as a circuit
     * ({@code EmulatedContactors}) one level up, so the pin itself has no load.
     */
    @Override
    public DigitalLine gpioOutput(int bcm) {
        return new DigitalLine() {
            @Override
            public String name() {
                return "gpio-" + bcm;
            }

            @Override
            public void set(boolean high) {}
        };
    }

    private final Map<Integer, BooleanSupplier> inputs = new ConcurrentHashMap<>();

    /** What drives an emulated GPIO input (a contactor's auxiliary contact): its level when read. */
    public EmulatedBusPlatform attachInput(int bcm, BooleanSupplier level) {
        inputs.put(bcm, level);
        return this;
    }

    /** An input nothing is attached to floats to its pull resistor's level, as an open wire does. */
    @Override
    public DigitalInput gpioInput(int bcm, boolean pullUp) {
        return new DigitalInput() {
            @Override
            public String name() {
                return "gpio-" + bcm;
            }

            @Override
            public boolean high() {
                BooleanSupplier level = inputs.get(bcm);
                return level == null ? pullUp : level.getAsBoolean();
            }
        };
    }

    private final Map<Integer, DoubleConsumer> pwm = new ConcurrentHashMap<>();

    /** What an emulated PWM channel drives (a heater model). */
    public EmulatedBusPlatform attachPwm(int channel, DoubleConsumer load) {
        pwm.put(channel, load);
        return this;
    }

    @Override
    public PwmLine pwmOutput(int channel, int frequencyHz) throws BusException {
        DoubleConsumer load = pwm.get(channel);
        if (load == null) {
            throw new BusException("pwm-" + channel + ": nothing emulated on this channel");
        }
        load.accept(0);
        return new PwmLine() {
            @Override
            public String name() {
                return "pwm-" + channel;
            }

            @Override
            public void setDuty(double duty) {
                load.accept(Math.clamp(duty, 0.0, 1.0));
            }
        };
    }

    @Override
    public void close() {
        // Emulators hold no operating-system resources.
    }

    private static String i2cKey(int bus, int address) {
        return bus + "@" + address;
    }

    private static String spiKey(int bus, int chipSelect) {
        return bus + "." + chipSelect;
    }
}
