package org.healbms.firmware.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.healbms.core.life.EventCount;
import org.healbms.core.life.HealingEntry;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.life.Throughput;

/**
 * HealBMS's own passport JSON ({@code healbms-passport} v1): saved inside the firmware state and
 * served on CoAP as {@code passport}. Every figure carries its unit in its name; a figure not known
 * is null; times are ms since the epoch, -1 for never. Reading checks every field and names the one
 * that is wrong.
 */
public final class PassportJson {

    public static final String FORMAT = "healbms-passport";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PassportJson() {}

    public static ObjectNode write(Passport p) {
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("format_version", 1);
        root.put("saved_at_epoch_ms", p.savedAtEpochMs());
        Ratings r = p.ratings();
        ObjectNode ratings = root.putObject("ratings");
        ratings.put("cells", r.cells());
        ratings.put("rated_capacity_ah", r.ratedCapacityAh());
        ratings.put("min_cell_voltage_v", r.minCellVoltageV());
        ratings.put("max_cell_voltage_v", r.maxCellVoltageV());
        ratings.put("initial_r0_ohm", r.initialR0Ohm());
        LifeStoryLimits l = r.limits();
        ObjectNode limits = ratings.putObject("life_story");
        limits.put("extreme_high_degc", l.extremeHighDegC());
        limits.put("extreme_low_degc", l.extremeLowDegC());
        limits.put("extreme_high_charging_degc", l.extremeHighChargingDegC());
        limits.put("extreme_low_charging_degc", l.extremeLowChargingDegC());
        limits.put("deep_discharge_v", l.deepDischargeV());
        limits.put("overcharge_v", l.overchargeV());
        LifeStoryRecord s = p.story();
        ObjectNode story = root.putObject("story");
        story.put("first_epoch_ms", s.firstEpochMs());
        story.put("last_update_epoch_ms", s.lastUpdateEpochMs());
        story.put("operating_s", s.operatingS());
        events(story.putObject("history_lost"), s.historyLost());
        throughput(story.putObject("pack"), s.pack(), r.ratedCapacityAh());
        var cells = story.putArray("cells");
        for (Throughput t : s.cells()) {
            throughput(cells.addObject(), t, r.ratedCapacityAh());
        }
        ObjectNode faults = story.putObject("protection_faults");
        s.faults().forEach((id, c) -> events(faults.putObject(id.toLowerCase()), c));
        var health = root.putArray("health");
        for (CellHealth h : p.health()) {
            ObjectNode c = health.addObject();
            c.put("cell", h.cell());
            number(c, "soc", h.soc());
            number(c, "soc_sigma", h.socSigma());
            number(c, "capacity_ah", h.capacityAh());
            number(c, "capacity_sigma_ah", h.capacitySigmaAh());
            number(c, "capacity_fade_percent", h.capacityFadePercent(r.ratedCapacityAh()));
            number(c, "capacity_fade_sigma_percent", h.capacityFadeSigmaPercent(r.ratedCapacityAh()));
            number(c, "resistance_scale", h.resistanceScale());
            number(c, "resistance_scale_sigma", h.resistanceScaleSigma());
            number(c, "internal_resistance_increase_percent", h.resistanceIncreasePercent());
            number(c, "internal_resistance_increase_sigma_percent", h.resistanceIncreaseSigmaPercent());
            number(c, "power_fade_percent", h.powerFadePercent());
            number(c, "power_fade_sigma_percent", h.powerFadeSigmaPercent());
            number(c, "eis_ohmic_increase_percent", h.eisOhmicIncrease() * 100);
            number(c, "eis_ohmic_increase_sigma_percent", h.eisOhmicIncreaseSigma() * 100);
            c.put("eis_epoch_ms", h.eisEpochMs());
        }
        var healing = root.putArray("healing");
        for (HealingEntry e : p.healing()) {
            ObjectNode h = healing.addObject();
            h.put("epoch_ms", e.epochMs());
            h.put("cell", e.cell());
            h.put("rule", e.ruleId());
            h.put("action", e.action());
            h.put("verdict", e.verdict());
        }
        ObjectNode tallies = root.putObject("healing_tallies");
        new TreeMap<>(p.healingTallies()).forEach((rule, t) -> {
            ObjectNode n = tallies.putObject(rule);
            new TreeMap<>(t).forEach(n::put);
        });
        return root;
    }

    /** Healing entries a CoAP view carries: the newest ones; the tallies count them all. */
    public static final int VIEW_HEALING_ENTRIES = 8;

    /**
     * The pack's view, small enough for one CoAP answer whatever the pack's size (under the 8 KB
     * Californium clients reassemble): the ratings, the pack's story and faults, the pack's state of
     * health (weakest capacity, resistance summed over the cells, state of charge), the healing
     * tallies and the newest {@link #VIEW_HEALING_ENTRIES} actions. Each cell's is {@link #cellView}.
     */
    public static ObjectNode packView(Passport p) {
        ObjectNode root = write(p);
        ObjectNode story = (ObjectNode) root.get("story");
        story.remove("cells");
        root.remove("health");
        root.put("cells", p.ratings().cells());
        ObjectNode health = root.putObject("pack_health");
        double rated = p.ratings().ratedCapacityAh();
        double weakest = BatteryPassExport.weakestCapacity(p);
        double scale = BatteryPassExport.meanResistanceScale(p);
        number(health, "soc", BatteryPassExport.packSoc(p));
        number(health, "capacity_ah", weakest);
        number(health, "capacity_fade_percent", (1 - weakest / rated) * 100);
        number(health, "internal_resistance_increase_percent", (scale - 1) * 100);
        number(health, "power_fade_percent", (1 - 1 / scale) * 100);
        newestHealing(root, 0);
        return root;
    }

    /** One cell's view: its story, its state of health and its newest healing actions. */
    public static ObjectNode cellView(Passport p, int cell) {
        if (cell < 1 || cell > p.ratings().cells()) {
            throw new IllegalArgumentException(
                    "cell " + cell + ": the pack has cells 1.." + p.ratings().cells());
        }
        ObjectNode root = write(p);
        ObjectNode story = (ObjectNode) root.get("story");
        story.set("cell", story.get("cells").get(cell - 1));
        story.remove("cells");
        story.remove("pack");
        root.set("health", root.get("health").get(cell - 1));
        root.put("cell", cell);
        newestHealing(root, cell);
        return root;
    }

    private static void newestHealing(ObjectNode root, int cell) {
        var all = root.get("healing");
        var kept = NODES.arrayNode();
        for (int i = all.size() - 1; i >= 0 && kept.size() < VIEW_HEALING_ENTRIES; i--) {
            if (cell == 0 || all.get(i).get("cell").asInt() == cell) {
                kept.insert(0, all.get(i));
            }
        }
        root.put("healing_kept", all.size());
        root.set("healing", kept);
    }

    private static void throughput(ObjectNode n, Throughput t, double ratedAh) {
        n.put("charge_ah", t.chargeAh());
        n.put("discharge_ah", t.dischargeAh());
        n.put("charge_kwh", t.chargeKWh());
        n.put("discharge_kwh", t.dischargeKWh());
        n.put("equivalent_full_cycles", t.equivalentFullCycles(ratedAh));
        n.put("extreme_high_temperature_s", t.extremeHighS());
        n.put("extreme_low_temperature_s", t.extremeLowS());
        n.put("extreme_high_temperature_charging_s", t.extremeHighChargingS());
        n.put("extreme_low_temperature_charging_s", t.extremeLowChargingS());
        events(n.putObject("deep_discharges"), t.deepDischarges());
        events(n.putObject("overcharges"), t.overcharges());
    }

    private static void events(ObjectNode n, EventCount c) {
        n.put("count", c.count());
        n.put("last_epoch_ms", c.lastEpochMs());
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    /** Reads a passport; what is missing or wrong is an IOException naming the field. */
    public static Passport read(JsonNode root) throws IOException {
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException("not a " + FORMAT + " record");
        }
        if (root.path("format_version").asInt() != 1) {
            throw new IOException(FORMAT + " format_version " + root.path("format_version") + " is not 1");
        }
        try {
            JsonNode r = root.path("ratings");
            JsonNode l = field(r, "life_story");
            Ratings ratings = new Ratings(
                    field(r, "cells").asInt(),
                    num(r, "rated_capacity_ah"),
                    num(r, "min_cell_voltage_v"),
                    num(r, "max_cell_voltage_v"),
                    num(r, "initial_r0_ohm"),
                    new LifeStoryLimits(
                            num(l, "extreme_high_degc"),
                            num(l, "extreme_low_degc"),
                            num(l, "extreme_high_charging_degc"),
                            num(l, "extreme_low_charging_degc"),
                            num(l, "deep_discharge_v"),
                            num(l, "overcharge_v")));
            JsonNode s = field(root, "story");
            List<Throughput> cells = new ArrayList<>();
            for (JsonNode c : field(s, "cells")) {
                cells.add(throughput(c));
            }
            Map<String, EventCount> faults = new HashMap<>();
            var it = field(s, "protection_faults").fields();
            while (it.hasNext()) {
                var e = it.next();
                faults.put(e.getKey().toUpperCase(), events(e.getValue()));
            }
            LifeStoryRecord story = new LifeStoryRecord(
                    field(s, "first_epoch_ms").asLong(),
                    field(s, "last_update_epoch_ms").asLong(),
                    num(s, "operating_s"),
                    throughput(field(s, "pack")),
                    cells,
                    faults,
                    events(field(s, "history_lost")));
            List<CellHealth> health = new ArrayList<>();
            for (JsonNode c : field(root, "health")) {
                health.add(new CellHealth(
                        field(c, "cell").asInt(),
                        nullable(c, "soc"),
                        nullable(c, "soc_sigma"),
                        nullable(c, "capacity_ah"),
                        nullable(c, "capacity_sigma_ah"),
                        nullable(c, "resistance_scale"),
                        nullable(c, "resistance_scale_sigma"),
                        nullable(c, "eis_ohmic_increase_percent") / 100,
                        nullable(c, "eis_ohmic_increase_sigma_percent") / 100,
                        field(c, "eis_epoch_ms").asLong()));
            }
            List<HealingEntry> healing = new ArrayList<>();
            for (JsonNode h : field(root, "healing")) {
                healing.add(new HealingEntry(
                        field(h, "epoch_ms").asLong(),
                        field(h, "cell").asInt(),
                        field(h, "rule").asText(),
                        field(h, "action").asText(),
                        field(h, "verdict").asText()));
            }
            Map<String, Map<String, Long>> tallies = new HashMap<>();
            var rules = field(root, "healing_tallies").fields();
            while (rules.hasNext()) {
                var rule = rules.next();
                Map<String, Long> t = new HashMap<>();
                rule.getValue()
                        .fields()
                        .forEachRemaining(e -> t.put(e.getKey(), e.getValue().asLong()));
                tallies.put(rule.getKey(), t);
            }
            return new Passport(field(root, "saved_at_epoch_ms").asLong(), ratings, story, health, healing, tallies);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Throughput throughput(JsonNode n) throws IOException {
        return new Throughput(
                num(n, "charge_ah"),
                num(n, "discharge_ah"),
                num(n, "charge_kwh"),
                num(n, "discharge_kwh"),
                num(n, "extreme_high_temperature_s"),
                num(n, "extreme_low_temperature_s"),
                num(n, "extreme_high_temperature_charging_s"),
                num(n, "extreme_low_temperature_charging_s"),
                events(field(n, "deep_discharges")),
                events(field(n, "overcharges")));
    }

    private static EventCount events(JsonNode n) throws IOException {
        return new EventCount(
                field(n, "count").asLong(), field(n, "last_epoch_ms").asLong());
    }

    private static JsonNode field(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IOException("passport: " + name + " is missing");
        }
        return v;
    }

    private static double num(JsonNode n, String name) throws IOException {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new IOException("passport: " + name + " is not a number: " + v);
        }
        return v.asDouble();
    }

    private static double nullable(JsonNode n, String name) throws IOException {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        return num(n, name);
    }
}
