package org.healbms.io.firmware;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.thermal.CoreThermalModel;
import org.healbms.io.cell.CellFileException;
import org.healbms.io.cell.StrainResponseFile;
import org.healbms.io.cell.ThermalModelFile;
import org.healbms.io.config.ConfigDocument;
import org.healbms.io.config.ConfigReader;
import org.healbms.io.config.ConfigReader.Entry;

/**
 * The firmware configuration file (YAML, format {@code healbms-firmware} v1); paths in it are
 * relative to the file. The shipped example, {@code cli/src/main/resources/org/healbms/cli/runtime/
 * desktop.firmware.yaml}, shows every field.
 */
public final class FirmwareConfigFile {

    /** The levels {@code log_level} takes: slf4j-simple's, which the firmware binds. */
    public static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace", "off");

    public static final String FORMAT = "healbms-firmware";

    private FirmwareConfigFile() {}

    public static FirmwareConfig read(Path file) throws IOException {
        ConfigReader reader = new ConfigReader(ConfigDocument.read(file));
        Entry root = reader.root();
        root.allowOnly(
                "format",
                "format_version",
                "board",
                "cell",
                "plant_trace",
                "limits",
                "state_dir",
                "save_interval_s",
                "soc_guess",
                "contactors",
                "link_voltage_channel",
                "run_on_start",
                "rules",
                "healing_budget_doses",
                "coap",
                "eis_interval_s",
                "eis_rest_s",
                "eis_max_fit_error",
                "strain_calibration",
                "thermal_model",
                "log_level",
                "life_story");
        String format = root.text("format");
        if (!format.isEmpty() && !format.equals(FORMAT)) {
            root.problem("format", "'" + format + "' is not a firmware configuration (expected " + FORMAT + ")");
        }
        root.integer("format_version", 1, 1);
        Path base = file.toAbsolutePath().getParent();
        Path board = root.has("board") ? base.resolve(root.text("board")) : null;
        Path cell = root.has("cell") ? base.resolve(root.text("cell")) : null;
        Path plant = root.has("plant_trace") ? base.resolve(root.text("plant_trace")) : null;
        CellLimits limits = root.has("limits") ? limits(root.mapping("limits")) : CellLimits.ncr18650pf();
        Path stateDir = base.resolve(root.text("state_dir", "healbms-state"));
        double save = root.number("save_interval_s", 10, 1, 3600);
        double guess = root.number("soc_guess", 0.5, 0, 1);
        int neg = 17;
        int pre = 27;
        int pos = 22;
        if (root.has("contactors")) {
            Entry c = root.mapping("contactors");
            c.allowOnly("negative_gpio", "precharge_gpio", "positive_gpio");
            neg = c.integer("negative_gpio", 0, 27);
            pre = c.integer("precharge_gpio", 0, 27);
            pos = c.integer("positive_gpio", 0, 27);
            if (neg == pre || neg == pos || pre == pos) {
                c.problem(null, "the three contactors need three different GPIOs");
            }
        }
        String link = root.has("link_voltage_channel") ? root.text("link_voltage_channel") : null;
        boolean run = !root.has("run_on_start")
                || root.choice("run_on_start", null, "true", "false").equals("true");
        Path rules = root.has("rules") ? base.resolve(root.text("rules")) : null;
        double budget = root.number("healing_budget_doses", 10, 0, 10_000);
        String coapHost = null;
        int coapPort = -1;
        int coapSecure = -1;
        Path coapKeys = null;
        if (root.has("coap")) {
            Entry coap = root.mapping("coap");
            coap.allowOnly("bind", "port", "secure_port", "keys");
            coapHost = coap.text("bind", "127.0.0.1");
            coapPort = coap.integer("port", 5683, 0, 65535);
            coapSecure = coap.integer("secure_port", 5684, 0, 65535);
            coapKeys = coap.has("keys") ? base.resolve(coap.text("keys")) : null;
        }
        SweepPolicy defaults = SweepPolicy.ON_REQUEST;
        double eisInterval = root.number("eis_interval_s", 0, 0, 366 * 86_400.0);
        if (eisInterval > 0 && eisInterval < 60) {
            root.problem("eis_interval_s", "a sweep takes about a minute: 0 (on request only) or at least 60");
        }
        double eisRest = root.number("eis_rest_s", defaults.rest().toSeconds(), 1, 86_400);
        double eisFit = root.number("eis_max_fit_error", defaults.maxFitError(), 0.0001, 1);
        CellCalibrations<StrainResponse> strain = root.has("strain_calibration")
                ? perCell(root, "strain_calibration", "strain calibration", base, StrainResponseFile::read)
                : null;
        CellCalibrations<CoreThermalModel> thermal = root.has("thermal_model")
                ? perCell(root, "thermal_model", "thermal model", base, ThermalModelFile::read)
                : null;
        String logLevel = root.choice("log_level", "warn", LOG_LEVELS.toArray(String[]::new));
        LifeStoryLimits lifeStory =
                root.has("life_story") ? lifeStory(root.mapping("life_story"), limits) : LifeStoryLimits.of(limits);
        reader.throwIfProblems();
        return new FirmwareConfig(
                new FirmwareConfig.Files(board, cell, plant),
                limits,
                new FirmwareConfig.StateStore(stateDir, Duration.ofMillis(Math.round(save * 1000))),
                new FirmwareConfig.Startup(guess, run),
                new FirmwareConfig.ContactorWiring(neg, pre, pos, link),
                new FirmwareConfig.Healing(rules, budget),
                new FirmwareConfig.Coap(coapHost, coapPort, coapSecure, coapKeys),
                new SweepPolicy(
                        Duration.ofMillis(Math.round(eisInterval * 1000)),
                        Duration.ofMillis(Math.round(eisRest * 1000)),
                        eisFit),
                strain,
                thermal,
                logLevel,
                lifeStory);
    }

    /**
     * {@code KEY: FILE} for every cell, or a mapping from cell number to its file
     * ({@code {1: cell1.json, 3: cell3.json}}) for cells calibrated one by one.
     */
    private static <T> CellCalibrations<T> perCell(
            Entry root, String key, String what, Path base, ParameterReader<T> reader) {
        if (!root.isMapping(key)) {
            return new CellCalibrations<>(key, parameterFile(root, key, what, base, reader), Map.of());
        }
        Entry byCell = root.mapping(key);
        Map<Integer, T> calibrations = new HashMap<>();
        for (String cellKey : byCell.fieldNames()) {
            int cell;
            try {
                cell = Integer.parseInt(cellKey);
            } catch (NumberFormatException e) {
                cell = 0;
            }
            if (cell < 1) {
                byCell.problem(cellKey, "must be a cell number (1, 2, ...), each with its " + what + " file");
                continue;
            }
            T t = parameterFile(byCell, cellKey, what, base, reader);
            if (t != null) {
                calibrations.put(cell, t);
            }
        }
        return new CellCalibrations<>(key, null, calibrations);
    }

    /** Reads one of the parameter files the configuration names. */
    @FunctionalInterface
    private interface ParameterReader<T> {
        T read(Path file) throws IOException;
    }

    /**
     * Reads a parameter file (strain calibration, thermal model) now rather than at start-up, so
     * that a bad one is a problem of this file, with its line, like any other value in it; null when
     * it cannot be used.
     */
    private static <T> T parameterFile(Entry root, String key, String what, Path base, ParameterReader<T> reader) {
        Path file = base.resolve(root.text(key));
        try {
            return reader.read(file);
        } catch (CellFileException e) {
            root.problem(key, "not a usable " + what + ": " + e.getMessage());
        } catch (NoSuchFileException | FileNotFoundException e) {
            root.problem(key, file + ": no such file");
        } catch (IOException e) {
            root.problem(key, file + ": cannot be read: " + e.getMessage());
        }
        return null;
    }

    /** The life story's thresholds; each one not given is the cell limits'. */
    private static LifeStoryLimits lifeStory(Entry l, CellLimits limits) {
        l.allowOnly(
                "extreme_high_degc",
                "extreme_low_degc",
                "extreme_high_charging_degc",
                "extreme_low_charging_degc",
                "deep_discharge_v",
                "overcharge_v");
        LifeStoryLimits d = LifeStoryLimits.of(limits);
        try {
            return new LifeStoryLimits(
                    l.number("extreme_high_degc", d.extremeHighDegC(), -100, 200),
                    l.number("extreme_low_degc", d.extremeLowDegC(), -100, 200),
                    l.number("extreme_high_charging_degc", d.extremeHighChargingDegC(), -100, 200),
                    l.number("extreme_low_charging_degc", d.extremeLowChargingDegC(), -100, 200),
                    l.number("deep_discharge_v", d.deepDischargeV(), 0.1, 5.0),
                    l.number("overcharge_v", d.overchargeV(), 0.1, 5.0));
        } catch (IllegalArgumentException e) {
            l.problem(null, e.getMessage());
            return d;
        }
    }

    private static CellLimits limits(Entry l) {
        l.allowOnly(
                "min_voltage_v",
                "max_voltage_v",
                "min_charge_temperature_degc",
                "max_charge_temperature_degc",
                "min_discharge_temperature_degc",
                "max_discharge_temperature_degc",
                "max_charge_current_a",
                "max_discharge_current_a");
        double minV = l.number("min_voltage_v", 1.5, 4.5);
        double maxV = l.number("max_voltage_v", 2.5, 5.0);
        double minTc = l.number("min_charge_temperature_degc", -40, 60);
        double maxTc = l.number("max_charge_temperature_degc", -40, 80);
        double minTd = l.number("min_discharge_temperature_degc", -40, 60);
        double maxTd = l.number("max_discharge_temperature_degc", -40, 80);
        double maxIc = l.number("max_charge_current_a", 0.001, 10_000);
        double maxId = l.number("max_discharge_current_a", 0.001, 10_000);
        try {
            return new CellLimits(minV, maxV, minTc, maxTc, minTd, maxTd, maxIc, maxId);
        } catch (IllegalArgumentException e) {
            l.problem(null, e.getMessage());
            return CellLimits.ncr18650pf();
        }
    }
}
