package org.healbms.io.board;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.healbms.core.fusion.FbgDecoupling;
import org.healbms.core.fusion.GratingCalibration;
import org.healbms.core.pack.Contactor;
import org.healbms.drivers.acquisition.Calibration;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.DeviceDescription;
import org.healbms.drivers.board.DeviceDescription.I2cAddress;
import org.healbms.drivers.board.DeviceDescription.SpiAddress;
import org.healbms.drivers.canbms.BmsCanVariant;
import org.healbms.drivers.hyperion.Grating;
import org.healbms.drivers.hyperion.GratingRole;
import org.healbms.drivers.ltc681x.CellInput;
import org.healbms.drivers.ntc.ThermistorChannel;
import org.healbms.io.config.ConfigDocument;
import org.healbms.io.config.ConfigReader;
import org.healbms.io.config.ConfigReader.Entry;

/**
 * The board description file (YAML, format {@code healbms-board} v1): see
 * {@code bms-io/src/main/resources/org/healbms/io/board/emulated-4s.board.yaml} for every field.
 * The whole file is validated before anything is opened; every problem is reported with its line
 * and entry, e.g. {@code line 31: devices[2] (temperatures).channels[1].input: 5 is outside 0 .. 3}.
 */
public final class BoardFile {

    public static final String FORMAT = "healbms-board";
    public static final int FORMAT_VERSION = 1;

    private static final int MAX_CELLS = 256;
    /**
     * Heater PWM channels on a Pi: its four hardware PWM channels. An emulated board has one per cell
     * (as a real board would get from PWM expanders), so a bench can heat every cell of its pack.
     */
    static final int PI_PWM_CHANNELS = 4;
    /** A platform provider's name, as {@code BoardPlatformProvider.name()} gives it. */
    private static final Pattern PLATFORM_NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private static final long MAX_PERIOD_MS = 3_600_000;

    private BoardFile() {}

    public static BoardDescription read(Path file) throws IOException {
        ConfigReader reader = new ConfigReader(ConfigDocument.read(file));
        BoardDescription board = parse(reader);
        reader.throwIfProblems();
        return board;
    }

    static BoardDescription parse(ConfigReader reader) {
        Entry root = reader.root();
        root.allowOnly(
                "format",
                "format_version",
                "name",
                "platform",
                "tick_ms",
                "cells",
                "devices",
                "heaters",
                "contactor_feedback",
                "can");
        String format = root.text("format");
        if (!format.isEmpty() && !format.equals(FORMAT)) {
            root.problem("format", "'" + format + "' is not a board description (expected " + FORMAT + ")");
        }
        root.integer("format_version", FORMAT_VERSION, FORMAT_VERSION);
        String name = root.text("name");
        // A provider's name, looked up on the class path when the board is opened (BoardPlatform.open
        // names the providers found): a platform another jar brings needs no change here.
        String platform = root.has("platform") ? root.text("platform") : "emulated";
        if (!PLATFORM_NAME.matcher(platform).matches()) {
            root.problem(
                    "platform",
                    "'" + platform + "' is not a platform name (lower-case letters, digits and '-', e.g. emulated"
                            + " or pi4j)");
        }
        int tickMs = root.integer("tick_ms", 100, 10, 10_000);
        // 0 cells: a sensor-only board (a bench rig with a shunt and thermistors), no cell monitor.
        int cells = root.integer("cells", 0, MAX_CELLS);

        List<DeviceDescription> devices = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> channelNames = new HashSet<>();
        Map<Integer, String> cellOwners = new HashMap<>();
        for (Entry raw : root.list("devices")) {
            String id = raw.has("id") ? raw.text("id") : "";
            Entry d = raw.labelled(raw.label() + (id.isEmpty() ? "" : " (" + id + ")"));
            if (!raw.has("id")) {
                d.problem("id", "missing");
            } else if (!ids.add(id)) {
                d.problem("id", "'" + id + "' is used by another device");
            }
            String type = d.choice(
                    "type",
                    null,
                    "ltc6811",
                    "ltc6813",
                    "ina228",
                    "ads1115",
                    "mcp3208",
                    "ads1220",
                    "hyperion-si155",
                    "victron-vedirect",
                    "ad5941");
            // An impedance front end is swept on demand and has no polling period.
            Duration period = Duration.ofMillis(
                    type.equals("ad5941")
                            ? d.integer("period_ms", 0, 0, MAX_PERIOD_MS)
                            : d.integer("period_ms", 1, MAX_PERIOD_MS));
            DeviceDescription device = switch (type) {
                case "ltc6811", "ltc6813" -> cellMonitor(d, id, period, type, cells, cellOwners);
                case "ina228" -> currentMonitor(d, id, period);
                case "ads1115", "mcp3208" -> thermistorAdc(d, id, period, type, cells, channelNames);
                case "ads1220" -> strainBridge(d, id, period, cells, channelNames);
                case "hyperion-si155" -> interrogator(d, id, period, cells, channelNames);
                case "victron-vedirect" -> serialMonitor(d, id, period, channelNames);
                case "ad5941" -> impedanceFrontEnd(d, id, period, cells);
                default -> null; // the choice above reported it
            };
            if (device != null) {
                devices.add(device);
            }
        }
        for (int cell = 1; cell <= cells; cell++) {
            if (!cellOwners.containsKey(cell)) {
                root.problem("devices", "cell " + cell + " of " + cells + " is not wired to any cell monitor input");
            }
        }
        List<BoardDescription.HeaterOutput> heaters = new ArrayList<>();
        if (root.has("heaters")) {
            Set<Integer> heatedCells = new HashSet<>();
            Set<Integer> channels = new HashSet<>();
            for (Entry h : root.list("heaters")) {
                h.allowOnly("cell", "pwm_channel", "frequency_hz", "power_w");
                int cell = h.integer("cell", 1, Math.max(cells, 1));
                int channel = h.integer(
                        "pwm_channel", 0, (platform.equals("pi4j") ? PI_PWM_CHANNELS : Math.max(cells, 1)) - 1);
                if (!heatedCells.add(cell)) {
                    h.problem("cell", "cell " + cell + " has a heater already");
                }
                if (!channels.add(channel)) {
                    h.problem("pwm_channel", "PWM channel " + channel + " drives another heater");
                }
                heaters.add(new BoardDescription.HeaterOutput(
                        cell,
                        channel,
                        h.integer("frequency_hz", 1000, 1, 100_000),
                        h.number("power_w", 0.0, 0.0, 1000)));
            }
        }
        BoardDescription.ContactorFeedback feedback = root.has("contactor_feedback")
                ? contactorFeedback(root.mapping("contactor_feedback"))
                : BoardDescription.ContactorFeedback.NONE;
        BoardDescription.CanPort can = root.has("can") ? can(root.mapping("can")) : null;
        return new BoardDescription(name, platform, Duration.ofMillis(tickMs), cells, devices, heaters, feedback, can);
    }

    /** The contactors' auxiliary contacts: a GPIO input (BCM 0..27) per contactor that has one; the closed level. */
    private static BoardDescription.ContactorFeedback contactorFeedback(Entry f) {
        Map<String, Contactor> keys = new LinkedHashMap<>();
        keys.put("negative_gpio", Contactor.MAIN_NEGATIVE);
        keys.put("precharge_gpio", Contactor.PRECHARGE);
        keys.put("positive_gpio", Contactor.MAIN_POSITIVE);
        f.allowOnly("negative_gpio", "precharge_gpio", "positive_gpio", "closed_level");
        Map<Contactor, Integer> inputs = new EnumMap<>(Contactor.class);
        Map<Integer, String> pins = new HashMap<>();
        for (Map.Entry<String, Contactor> k : keys.entrySet()) {
            if (f.has(k.getKey())) {
                int pin = f.integer(k.getKey(), 0, 27);
                String other = pins.putIfAbsent(pin, k.getKey());
                if (other != null) {
                    f.problem(k.getKey(), "GPIO " + pin + " is " + other + " already");
                }
                inputs.put(k.getValue(), pin);
            }
        }
        if (inputs.isEmpty()) {
            f.problem(null, "names no input (negative_gpio, precharge_gpio or positive_gpio)");
        }
        String level = f.choice("closed_level", "low", "low", "high");
        return new BoardDescription.ContactorFeedback(inputs, level.equals("high"));
    }

    /**
     * {@code can: {interface: can0, bitrate: 500000, protocol: victron}}: the inverters that read the
     * CAN-bus BMS protocol all run it at 500 kbit/s, so another rate is refused rather than left to
     * fail silently on the wire.
     */
    private static BoardDescription.CanPort can(Entry c) {
        c.allowOnly("interface", "bitrate", "protocol");
        String iface = c.text("interface", "can0");
        if (!iface.matches("[A-Za-z0-9_.-]{1,15}")) {
            c.problem("interface", "'" + iface + "' is not a network interface name (up to 15 letters, digits, _ . -)");
        }
        int bitrate = c.integer("bitrate", 500_000, 10_000, 1_000_000);
        if (bitrate != 500_000) {
            c.problem("bitrate", bitrate + " bit/s: the CAN-bus BMS protocol runs at 500000");
        }
        String protocol = c.choice("protocol", "victron", "victron", "pylontech");
        return new BoardDescription.CanPort(
                iface, bitrate, protocol.equals("pylontech") ? BmsCanVariant.PYLONTECH : BmsCanVariant.VICTRON);
    }

    private static DeviceDescription cellMonitor(
            Entry d, String id, Duration period, String chip, int cells, Map<Integer, String> cellOwners) {
        d.allowOnly("id", "type", "period_ms", "spi", "chain_length", "cells");
        SpiAddress spi = spi(d.mapping("spi"));
        int chain = d.integer("chain_length", 1, 1, 32);
        int inputs = chip.equals("ltc6813") ? 18 : 12;
        List<CellInput> wiring = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Entry c : d.list("cells")) {
            c.allowOnly("cell", "ic", "input", "gain", "offset_v");
            int cell = c.integer("cell", 1, cells);
            int ic = c.integer("ic", 0, chain - 1);
            int input = c.integer("input", 1, inputs);
            if (!used.add(ic + "/" + input)) {
                c.problem("input", "IC " + ic + " input " + input + " is wired to two cells");
            }
            String owner = cellOwners.putIfAbsent(cell, id);
            if (owner != null) {
                c.problem("cell", "cell " + cell + " is already measured by " + owner);
            }
            wiring.add(new CellInput(cell, ic, input, calibration(c, "offset_v")));
        }
        return new DeviceDescription.CellMonitor(id, period, chip, spi, chain, wiring);
    }

    private static DeviceDescription currentMonitor(Entry d, String id, Duration period) {
        d.allowOnly("id", "type", "period_ms", "i2c", "shunt_ohm", "max_current_a", "gain", "offset_a");
        return new DeviceDescription.CurrentMonitor(
                id,
                period,
                i2c(d.mapping("i2c"), 0x40, 0x4F),
                d.number("shunt_ohm", 1e-6, 10),
                d.number("max_current_a", 0.001, 10_000),
                calibration(d, "offset_a"));
    }

    private static DeviceDescription thermistorAdc(
            Entry d, String id, Duration period, String chip, int cells, Set<String> channelNames) {
        d.allowOnly(
                "id",
                "type",
                "period_ms",
                "i2c",
                "spi",
                "series_ohm",
                "supply_v",
                "thermistor",
                "beta_k",
                "r25_ohm",
                "channels");
        boolean ads = chip.equals("ads1115");
        I2cAddress i2c = ads ? i2c(d.mapping("i2c"), 0x48, 0x4B) : null;
        SpiAddress spi = ads ? null : spi(d.mapping("spi"));
        double series = d.number("series_ohm", 1, 1e7);
        double supply = d.number("supply_v", 0.5, 6);
        String thermistor = d.choice("thermistor", "semitec-103at", "semitec-103at", "beta");
        double beta = thermistor.equals("beta") ? d.number("beta_k", 1000, 10_000) : Double.NaN;
        double r25 = thermistor.equals("beta") ? d.number("r25_ohm", 1, 1e7) : Double.NaN;
        int inputs = ads ? 4 : 8;
        List<ThermistorChannel> channels = new ArrayList<>();
        Set<Integer> usedInputs = new HashSet<>();
        for (Entry c : d.list("channels")) {
            c.allowOnly("input", "name", "cell", "gain", "offset_degc");
            int input = c.integer("input", 0, inputs - 1);
            if (!usedInputs.add(input)) {
                c.problem("input", "input " + input + " is listed twice");
            }
            String name = channelName(c, channelNames);
            channels.add(
                    new ThermistorChannel(input, name, c.integer("cell", 0, 0, cells), calibration(c, "offset_degc")));
        }
        return new DeviceDescription.ThermistorAdc(
                id, period, chip, i2c, spi, series, supply, thermistor, beta, r25, channels);
    }

    private static DeviceDescription strainBridge(
            Entry d, String id, Duration period, int cells, Set<String> channelNames) {
        d.allowOnly(
                "id",
                "type",
                "period_ms",
                "spi",
                "bridge",
                "gauge_factor",
                "pga_gain",
                "name",
                "cell",
                "gain",
                "offset");
        SpiAddress spi = spi(d.mapping("spi"));
        String bridge = d.choice("bridge", null, "quarter", "half", "full");
        double gaugeFactor = d.number("gauge_factor", 2.0, 0.5, 10);
        int gain = d.integer("pga_gain", 128, 1, 128);
        if (Integer.bitCount(gain) != 1) {
            d.problem("pga_gain", gain + " is not one of the ADS1220's gains 1, 2, 4, ..., 128");
        }
        String name = channelName(d, channelNames);
        return new DeviceDescription.StrainBridge(
                id,
                period,
                spi,
                bridge,
                gaugeFactor,
                gain,
                name,
                d.integer("cell", 0, 0, cells),
                calibration(d, "offset"));
    }

    private static DeviceDescription interrogator(
            Entry d, String id, Duration period, int cells, Set<String> channelNames) {
        d.allowOnly("id", "type", "period_ms", "host", "port", "gratings");
        String host = d.text("host");
        int port = d.integer("port", 51971, 1, 65535);
        List<Grating> gratings = new ArrayList<>();
        List<Entry> entries = d.list("gratings");
        for (Entry g : entries) {
            g.allowOnly(
                    "channel",
                    "name",
                    "cell",
                    "nominal_nm",
                    "window_nm",
                    "role",
                    "reference_degc",
                    "pm_per_k",
                    "pm_per_k2",
                    "pm_per_microstrain");
            int channel = g.integer("channel", 1, 16);
            String name = channelName(g, channelNames);
            int cell = g.integer("cell", 0, 0, cells);
            double nominal = g.number("nominal_nm", 1460, 1620);
            double window = g.number("window_nm", 2.0, 0.1, 20);
            String roleName = g.text("role", "bonded");
            GratingRole role = switch (roleName) {
                case "bonded" -> GratingRole.BONDED;
                case "reference" -> GratingRole.REFERENCE;
                case "paired" -> GratingRole.PAIRED;
                default -> {
                    g.problem(
                            "role",
                            "must be bonded (on the can, sees strain and temperature), reference"
                                    + " (strain-free beside the cell) or paired (one of two co-located gratings of different"
                                    + " sensitivity, read together), got '" + roleName + "'");
                    yield GratingRole.BONDED;
                }
            };
            boolean reference = role == GratingRole.REFERENCE;
            // Bare silica at 1550 nm (10 pm/K, 1.2 pm/microstrain) unless the grating's own calibration says otherwise.
            GratingCalibration calibration = new GratingCalibration(
                    nominal,
                    g.number("reference_degc", 25.0, -40, 100),
                    g.number("pm_per_k", 10.0, 0.1, 100),
                    g.number("pm_per_k2", 0.0, -1, 1),
                    g.number("pm_per_microstrain", reference ? 0.0 : 1.2, 0.0, 10));
            gratings.add(new Grating(channel, name, cell, nominal, window, role, calibration));
        }
        pairedGratingsSeparate(gratings, entries);
        return new DeviceDescription.FbgInterrogator(id, period, host, port, gratings);
    }

    /**
     * Paired gratings come two to a cell and must be able to separate temperature from strain: refuse
     * a pair that cannot now, not with a fault on every sample.
     */
    private static void pairedGratingsSeparate(List<Grating> gratings, List<Entry> entries) {
        Map<Integer, List<Integer>> paired = new HashMap<>();
        for (int k = 0; k < gratings.size(); k++) {
            if (gratings.get(k).role() == GratingRole.PAIRED) {
                paired.computeIfAbsent(gratings.get(k).cell(), c -> new ArrayList<>())
                        .add(k);
            }
        }
        paired.forEach((cell, indices) -> {
            Entry last = entries.get(indices.getLast());
            if (cell == 0) {
                last.problem("cell", "a paired grating must name the cell it is read for");
                return;
            }
            if (indices.size() != 2) {
                last.problem(
                        "role",
                        "cell " + cell + " has " + indices.size() + " paired gratings; the 2x2 method reads"
                                + " exactly two together");
                return;
            }
            GratingCalibration a = gratings.get(indices.get(0)).calibration();
            GratingCalibration b = gratings.get(indices.get(1)).calibration();
            if (a.referenceTemperatureDegC() != b.referenceTemperatureDegC()) {
                last.problem(
                        "reference_degc",
                        "cell " + cell + "'s paired gratings are referred to different temperatures ("
                                + a.referenceTemperatureDegC() + " and " + b.referenceTemperatureDegC()
                                + "); refer both to the same one");
            } else if (!FbgDecoupling.canSeparate(a, b)) {
                last.problem(
                        "pm_per_k",
                        "cell " + cell + "'s paired gratings have nearly the same ratio of temperature to"
                                + " strain sensitivity (" + a.pmPerK() + "/" + a.pmPerMicrostrain() + " and "
                                + b.pmPerK() + "/"
                                + b.pmPerMicrostrain()
                                + " pm/K per pm/microstrain), so they cannot tell the two apart; give the"
                                + " coated grating its own calibration, or use a reference grating");
            }
        });
    }

    private static DeviceDescription impedanceFrontEnd(Entry d, String id, Duration period, int cells) {
        d.allowOnly("id", "type", "period_ms", "spi", "cell", "rcal_ohm");
        return new DeviceDescription.EisFrontEnd(
                id,
                period,
                spi(d.mapping("spi")),
                d.integer("cell", 1, Math.max(cells, 1)),
                d.number("rcal_ohm", 0.05, 0.001, 10));
    }

    private static DeviceDescription serialMonitor(Entry d, String id, Duration period, Set<String> channelNames) {
        d.allowOnly("id", "type", "period_ms", "port", "current_name", "voltage_name");
        String port = d.text("port");
        String current = channelName(d, "current_name", "shunt current", channelNames);
        String voltage = channelName(d, "voltage_name", "shunt voltage", channelNames);
        return new DeviceDescription.SerialBatteryMonitor(id, period, port, current, voltage);
    }

    private static String channelName(Entry e, Set<String> channelNames) {
        return channelName(e, "name", null, channelNames);
    }

    private static String channelName(Entry e, String field, String otherwise, Set<String> channelNames) {
        String name = otherwise == null ? e.text(field) : e.text(field, otherwise);
        if (!name.isEmpty() && (name.contains(",") || name.contains("/"))) {
            e.problem(field, "'" + name + "' must not contain ',' or '/' (it becomes a BDF column label)");
        } else if (!name.isEmpty() && !channelNames.add(name)) {
            e.problem(field, "'" + name + "' names another channel too");
        }
        return name;
    }

    private static I2cAddress i2c(Entry e, int lowest, int highest) {
        e.allowOnly("bus", "address");
        return new I2cAddress(e.integer("bus", 0, 31), e.integer("address", lowest, highest));
    }

    private static SpiAddress spi(Entry e) {
        e.allowOnly("bus", "chip_select", "clock_hz");
        return new SpiAddress(
                e.integer("bus", 0, 7), e.integer("chip_select", 0, 3), e.integer("clock_hz", 1_000, 50_000_000));
    }

    private static Calibration calibration(Entry e, String offsetField) {
        if (!e.has("gain") && !e.has(offsetField)) {
            return Calibration.NONE;
        }
        return new Calibration(e.number("gain", 1.0, 0.5, 2.0), e.number(offsetField, 0.0, -1e3, 1e3));
    }
}
