package org.healbms.sim.board;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.healbms.drivers.ad5941.SweepClock;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.BoardDevices;
import org.healbms.drivers.board.DeviceDescription;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.bus.DeviceClock;
import org.healbms.drivers.bus.SpiTarget;
import org.healbms.drivers.hyperion.Grating;
import org.healbms.drivers.ltc681x.CellInput;
import org.healbms.drivers.ltc681x.Ltc681xVariant;
import org.healbms.drivers.ntc.ThermistorDivider;
import org.healbms.sim.device.EmulatedBusPlatform;
import org.healbms.sim.device.ad5941.Ad5941Emulator;
import org.healbms.sim.device.ad5941.CellImpedanceModel;
import org.healbms.sim.device.ad5941.PacedSweepClock;
import org.healbms.sim.device.ad5941.VirtualSweepClock;
import org.healbms.sim.device.ads1115.Ads1115Emulator;
import org.healbms.sim.device.ads1220.Ads1220Emulator;
import org.healbms.sim.device.can.EmulatedCanBus;
import org.healbms.sim.device.can.InverterEmulator;
import org.healbms.sim.device.hyperion.HyperionEmulator;
import org.healbms.sim.device.ina228.Ina228Emulator;
import org.healbms.sim.device.ltc681x.Ltc681xChainEmulator;
import org.healbms.sim.device.mcp3208.Mcp3208Emulator;
import org.healbms.sim.device.vedirect.SmartShuntEmulator;
import org.healbms.sim.plant.CellThermalPlant;
import org.healbms.sim.plant.PackPlant;

/**
 * A board's devices as emulators at the addresses its description names, all measuring one
 * {@link PackPlant} (a recording or a model). {@link #update} moves the plant to a time and sets every
 * emulator's physical inputs from it, as the cells and sensors would. A heater drives the plant's own
 * thermal model where it has one; on a recording the board models the heater's rise itself.
 *
 * <p>The chips convert and integrate on the drivers' {@link DeviceClock}: the system's, or a
 * simulation's virtual one, which a driver's conversion wait moves on.
 *
 * <p>Fibre gratings read the plant's temperature and strain through their calibration: a Bragg
 * wavelength that moves about 10 pm/K and 1.2 pm per microstrain.
 */
public final class EmulatedBoard implements AutoCloseable {

    /** Emulated serial ports time out reads like a port in semi-blocking mode. */
    static final long SERIAL_READ_TIMEOUT_MS = 200;

    private final EmulatedBusPlatform platform = new EmulatedBusPlatform();
    private final List<DoubleConsumer> feeds = new ArrayList<>();
    /** What the chips measure: the plant, or a recording behind the board's inverter. */
    private final PackPlant plant;
    /** The recording behind the inverter, when the board replays one and has CAN; else null. */
    private final InverterFedRecording recording;
    /** The inverter emulator on the board's CAN bus, or null. */
    private final InverterEmulator inverter;
    /** Cells with a heater the plant does not model: how far above its temperature the heater has taken them. */
    private final Map<Integer, CellThermalPlant> heaters = new ConcurrentHashMap<>();

    private double lastUpdateS = Double.NaN;
    private final Map<String, Ltc681xChainEmulator> cellMonitors = new HashMap<>();
    private final Map<String, Ads1220Emulator> strainBridges = new HashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** Impedance sweeps run in virtual time: a 1 Hz point takes seconds on a real chip, none here. */
    private final VirtualSweepClock sweepClock = new VirtualSweepClock(Instant.now());

    /**
     * The board's devices on a plant that decides its own current (a model with its own charger and
     * load): an inverter on the board's CAN bus reads the BMS's frames and follows the plant's current.
     */
    public EmulatedBoard(BoardDescription board, PackPlant plant, DeviceClock clock) throws IOException {
        this(board, plant, clock, false);
    }

    /**
     * The board's devices on a recording: with an inverter on the board's CAN bus the loop is closed,
     * the pack carrying what the inverter delivers of the recording's current under the BMS's limits
     * ({@link InverterFedRecording}); without one, the recording's current.
     */
    public static EmulatedBoard replaying(BoardDescription board, PackPlant recording, DeviceClock clock)
            throws IOException {
        return new EmulatedBoard(board, recording, clock, true);
    }

    private EmulatedBoard(BoardDescription board, PackPlant given, DeviceClock clock, boolean replayed)
            throws IOException {
        // The device feeds below read the field: the recording behind the inverter where there is one.
        if (board.can() == null) {
            this.plant = given;
            this.recording = null;
            this.inverter = null;
        } else {
            EmulatedCanBus bus = EmulatedCanBus.named(board.can().iface());
            platform.attachCan(bus);
            InverterEmulator inverter =
                    new InverterEmulator(bus.node(), board.can().protocol());
            this.inverter = inverter;
            resources.add(inverter);
            if (replayed) {
                this.recording = new InverterFedRecording(given, inverter);
                this.plant = this.recording;
            } else {
                this.plant = given;
                this.recording = null;
                feeds.add(t -> inverter.advanceTo(t, given.currentA(t)));
            }
        }
        for (BoardDescription.HeaterOutput h : board.heaters()) {
            platform.attachPwm(
                    h.pwmChannel(), plant.heater(h.cell(), h.powerW()).orElseGet(() -> heater(h.cell())));
        }
        for (DeviceDescription d : board.devices()) {
            switch (d) {
                case DeviceDescription.CellMonitor m -> {
                    Ltc681xChainEmulator chain = new Ltc681xChainEmulator(
                            "spi-%d.%d".formatted(m.spi().bus(), m.spi().chipSelect()),
                            m.chip().equals("ltc6813") ? Ltc681xVariant.LTC6813 : Ltc681xVariant.LTC6811,
                            m.chainLength(),
                            m.spi().clockHz(),
                            clock::nanoTime);
                    platform.attach(m.spi().bus(), m.spi().chipSelect(), serialised(chain));
                    feeds.add(t -> {
                        synchronized (chain) {
                            for (CellInput c : m.cells()) {
                                chain.setCellVoltage(c.ic(), c.input(), plant.cellVoltage(c.cell(), t));
                            }
                        }
                    });
                    cellMonitors.put(m.id(), chain);
                }
                case DeviceDescription.CurrentMonitor m -> {
                    Ina228Emulator ina = new Ina228Emulator(
                            "i2c-%d@0x%02X".formatted(m.i2c().bus(), m.i2c().address()), m.shuntOhm(), clock::nanoTime);
                    platform.attach(m.i2c().bus(), m.i2c().address(), ina);
                    feeds.add(t -> ina.set(plant.currentA(t), plant.packVoltage(t)));
                }
                case DeviceDescription.ThermistorAdc th -> {
                    ThermistorDivider divider = new ThermistorDivider(BoardDevices.thermistor(th), th.seriesOhm());
                    if (th.chip().equals("ads1115")) {
                        Ads1115Emulator adc = new Ads1115Emulator(
                                "i2c-%d@0x%02X"
                                        .formatted(th.i2c().bus(), th.i2c().address()),
                                clock::nanoTime);
                        platform.attach(th.i2c().bus(), th.i2c().address(), adc);
                        feeds.add(t -> th.channels()
                                .forEach(c -> adc.setInput(
                                        c.input(),
                                        th.supplyV() * divider.ratioAt(temperature(Math.max(c.cell(), 1), t)))));
                    } else {
                        Mcp3208Emulator adc = new Mcp3208Emulator(
                                "spi-%d.%d".formatted(th.spi().bus(), th.spi().chipSelect()), th.supplyV());
                        platform.attach(th.spi().bus(), th.spi().chipSelect(), adc);
                        feeds.add(t -> th.channels()
                                .forEach(c -> adc.setInput(
                                        c.input(),
                                        th.supplyV() * divider.ratioAt(temperature(Math.max(c.cell(), 1), t)))));
                    }
                }
                case DeviceDescription.StrainBridge b -> {
                    Ads1220Emulator adc = new Ads1220Emulator(
                            "spi-%d.%d".formatted(b.spi().bus(), b.spi().chipSelect()), clock::nanoTime);
                    adc.setBridge(BoardDevices.bridge(b), 0.0);
                    platform.attach(b.spi().bus(), b.spi().chipSelect(), adc);
                    feeds.add(t -> adc.setStrain(plant.hoopStrain(Math.max(b.cell(), 1), t)));
                    strainBridges.put(b.id(), adc);
                }
                case DeviceDescription.SerialBatteryMonitor m -> {
                    SmartShuntEmulator shunt = new SmartShuntEmulator(m.port(), 100.0, SERIAL_READ_TIMEOUT_MS);
                    platform.attachSerial(m.port(), () -> shunt);
                    feeds.add(t -> shunt.set(plant.packVoltage(t), plant.currentA(t), plant.temperatureDegC(1, t)));
                    shunt.startTransmitting(1000);
                    resources.add(shunt);
                }
                case DeviceDescription.EisFrontEnd e -> {
                    Ad5941Emulator afe = new Ad5941Emulator(
                            "spi-%d.%d".formatted(e.spi().bus(), e.spi().chipSelect()), sweepClock::nanoTime, 1);
                    afe.setRcalOhm(e.rcalOhm());
                    afe.setCell(CellImpedanceModel.TYPICAL_18650);
                    afe.setNoiseCodes(2);
                    platform.attach(e.spi().bus(), e.spi().chipSelect(), afe);
                }
                case DeviceDescription.FbgInterrogator f -> {
                    int channels = f.gratings().stream()
                            .mapToInt(Grating::channel)
                            .max()
                            .orElse(1);
                    HyperionEmulator si155 =
                            new HyperionEmulator(4242, channels, f.period().toMillis());
                    platform.attachTcp(f.host(), f.port(), si155.commandPort());
                    platform.attachTcp(f.host(), f.port() + 1, si155.streamPort());
                    feeds.add(t -> {
                        double[][] peaks = new double[channels][];
                        for (int c = 1; c <= channels; c++) {
                            int ch = c;
                            peaks[c - 1] = f.gratings().stream()
                                    .filter(g -> g.channel() == ch)
                                    .mapToDouble(g -> braggWavelengthNm(g, t))
                                    .sorted()
                                    .toArray();
                        }
                        si155.setPeaks(peaks);
                    });
                    resources.add(si155);
                }
            }
        }
        // The chips measure the plant from power-up: a first conversion before the first update read the
        // emulators' reset inputs (3.6 V on every LTC681x input), which the firmware took for the cells'.
        update(0.0);
    }

    /** A grating bonded to a cell (strained) or free beside it (reference), at the cell's temperature, nm. */
    private double braggWavelengthNm(Grating g, double elapsedS) {
        int cell = Math.max(g.cell(), 1);
        return g.calibration()
                .wavelengthNm(temperature(cell, elapsedS), g.reference() ? 0.0 : plant.hoopStrain(cell, elapsedS));
    }

    /** The clock an impedance sweep on this board must use (the emulators' DFTs finish on it). */
    public SweepClock sweepClock() {
        return sweepClock;
    }

    /**
     * The same clock, also passing on the wall clock {@code speedup} times faster than a real
     * sweep would: for a firmware, whose sweeps must span control ticks as they do on a board.
     */
    public SweepClock sweepClock(double speedup) {
        return new PacedSweepClock(sweepClock, speedup);
    }

    /** An emulator's SPI port, taken in turns with the plant feed that sets its inputs. */
    private static SpiTarget serialised(SpiTarget emulator) {
        return new SpiTarget() {
            @Override
            public String name() {
                return emulator.name();
            }

            @Override
            public void transfer(byte[] tx, byte[] rx) throws BusException {
                synchronized (emulator) {
                    emulator.transfer(tx, rx);
                }
            }
        };
    }

    /** The emulated strain-bridge ADC of a board device, for fault injection. */
    public Ads1220Emulator strainBridge(String id) {
        return strainBridges.get(id);
    }

    /** The emulated cell-monitor chain of a board device, for fault injection. */
    public Ltc681xChainEmulator cellMonitor(String id) {
        return cellMonitors.get(id);
    }

    /**
     * Puts a replayed pack behind a switch (the contactors): open, it carries no current. A plant that
     * decides its own current has its own switch ({@code AgeingPackPlant.connectThrough}); a recording
     * without an inverter replays its current whatever the contactors do.
     */
    void connectThrough(BooleanSupplier closed) {
        if (recording != null) {
            recording.connectThrough(closed);
        }
    }

    /** The inverter emulator on the board's CAN bus; empty on a board without CAN. */
    public Optional<InverterEmulator> inverter() {
        return Optional.ofNullable(inverter);
    }

    /**
     * Runs {@code feed} on every {@link #update}, after the plant has moved and the inverter has read the
     * bus (so what it sets holds for the plant's next step).
     */
    public void onUpdate(DoubleConsumer feed) {
        feeds.add(feed);
    }

    public EmulatedBusPlatform platform() {
        return platform;
    }

    /**
     * A heater on a cell of a plant without a thermal model: its duty drives a lumped thermal model of
     * that cell (an 18650 with a 10 W heater), whose rise above the plant's temperature every emulated
     * sensor of the cell then sees.
     */
    public DoubleConsumer heater(int cell) {
        CellThermalPlant model = heaters.computeIfAbsent(cell, k -> CellThermalPlant.typical18650(0.0, 0.0));
        return duty -> {
            synchronized (model) {
                model.setDuty(duty);
            }
        };
    }

    /** A cell's temperature as its sensors see it: the plant's, plus what a heater the plant does not model added. */
    public double temperature(int cell, double elapsedS) {
        return plant.temperatureDegC(cell, elapsedS) + heaterRiseK(cell);
    }

    /** What a cell's heater has added to its temperature, K (the heater plant runs from 0 as ambient). */
    private double heaterRiseK(int cell) {
        CellThermalPlant model = heaters.get(cell);
        if (model == null) {
            return 0;
        }
        synchronized (model) {
            return model.temperatureDegC();
        }
    }

    /**
     * Sets every emulator's inputs from the plant at {@code elapsedS}. A second update to the time already
     * reached changes nothing (a stepped firmware moves the board before its devices sample, and its tick
     * asks for the same time again).
     */
    public void update(double elapsedS) {
        if (elapsedS == lastUpdateS) {
            return;
        }
        double dt = Double.isNaN(lastUpdateS) ? 0 : Math.max(0, elapsedS - lastUpdateS);
        lastUpdateS = elapsedS;
        plant.advanceTo(elapsedS);
        for (CellThermalPlant model : heaters.values()) {
            synchronized (model) {
                model.step(dt);
            }
        }
        for (DoubleConsumer feed : feeds) {
            feed.accept(elapsedS);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }
}
