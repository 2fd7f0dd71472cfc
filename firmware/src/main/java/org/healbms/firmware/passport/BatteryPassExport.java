package org.healbms.firmware.passport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.healbms.core.life.EventCount;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.life.Throughput;

/**
 * The passport as the Battery Pass data model 1.2.1 has it: the PerformanceAndDurability aspect
 * ({@code urn:samm:io.BatteryPass.Performance:1.2.1#PerformanceAndDurability}), for the pack or one
 * cell, in the model's own attribute names (its spelling {@code batteryTechicalProperties} included)
 * and units: kWh, Ah, %, minutes, cycles, Ω, V.
 *
 * <p>Every attribute the firmware measures or estimates is filled from the passport. The model makes
 * every attribute but {@code cRate} required and gives none a way to say "not known", so what the
 * firmware cannot know (the manufacturer's rated and expected figures, self-discharge, round-trip
 * efficiency, the certified energy) is never made up: it comes from a declaration (the manufacturer's
 * values, in the model's own shape) or is left out and listed in {@link Export#notKnown}. Lists the
 * firmware has nothing for ({@code originalPowerCapability}) are empty, which the model allows.
 *
 * <p>Units and definitions, where the model leaves room:
 * <ul>
 * <li>{@code capacityThroughput} and {@code energyThroughput}: charge and discharge together, Ah and
 *     kWh at the cells' terminals; {@code numberOfFullCycles} (an integer in the model): completed
 *     equivalent full cycles, throughput over twice the rated capacity.</li>
 * <li>{@code remainingCapacity}: Ah. The model's definition is "the in-use data attribute on
 *     capacity, corresponding with the definition of rated capacity" (Ah); its unit reads kWh, which
 *     is the remaining energy's. The pack's is its weakest cell's: a series string delivers no more.</li>
 * <li>{@code capacityFade}, {@code internalResistanceIncrease}, {@code powerFade}: % against the
 *     beginning of life, which is the cell file's capacity and ohmic resistance; the pack's resistance
 *     is the sum of its cells'; power at a given voltage drop goes as 1/R.</li>
 * <li>{@code remainingPowerCapability}: at the present state of charge, the power capability as a
 *     percentage of the beginning of life's (the model's unit for it is %).</li>
 * <li>{@code temperatureInformation}: minutes above or below the configured thresholds (while charging,
 *     the charge window's); for the pack, minutes during which any cell was.</li>
 * <li>{@code negativeEvents}: one entry each for deep discharges and overcharges with their count
 *     (also when zero), one per protection fault ever raised, and one when the saved story was lost.</li>
 * </ul>
 */
public final class BatteryPassExport {

    public static final String ASPECT = "urn:samm:io.BatteryPass.Performance:1.2.1#PerformanceAndDurability";
    public static final String TECHNICAL = "batteryTechicalProperties";
    public static final String CONDITION = "batteryCondition";

    /** The technical properties the model requires (all but the optional cRate), in its order. */
    static final List<String> REQUIRED_TECHNICAL = List.of(
            "originalPowerCapability",
            "ratedMaximumPower",
            "powerCapabilityRatio",
            "ratedEnergy",
            "expectedNumberOfCycles",
            "initialSelfDischarge",
            "roundtripEfficiency",
            "ratedCapacity",
            "initialInternalResistance",
            "expectedLifetime",
            "nominalVoltage",
            "minimumVoltage",
            "maximumVoltage",
            "capacityThresholdForExhaustion",
            "lifetimeReferenceTest",
            "cRateLifeCycleTest",
            "temperatureRangeIdleState",
            "roundTripEfficiencyat50PerCentCycleLife",
            "roundTripEfficiencyFade",
            "powerFade");
    /** The battery condition attributes the model requires, in its order. */
    static final List<String> REQUIRED_CONDITION = List.of(
            "energyThroughput",
            "capacityThroughput",
            "numberOfFullCycles",
            "stateOfCertifiedEnergy",
            "capacityFade",
            "remainingEnergy",
            "remainingCapacity",
            "negativeEvents",
            "temperatureInformation",
            "remainingPowerCapability",
            "evolutionOfSelfDischarge",
            "currentSelfDischargingRate",
            "internalResistanceIncrease",
            "remainingRoundTripEnergyEfficiency",
            "stateOfCharge");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * @param document the aspect's JSON
     * @param notKnown required attributes neither measured nor declared, as {@code section.attribute}:
     *                 while any is, the document is incomplete and does not validate against the model
     */
    public record Export(ObjectNode document, List<String> notKnown) {}

    private BatteryPassExport() {}

    /**
     * @param cell     1-based cell, or 0 for the pack
     * @param declared the manufacturer's values in the model's shape ({@code batteryTechicalProperties},
     *                 {@code batteryCondition}); null for none
     * @throws IllegalArgumentException for a cell the pack does not have, or a declaration that is not
     *                 the model's shape or declares what the firmware measures
     */
    public static Export export(Passport p, int cell, JsonNode declared) {
        if (cell < 0 || cell > p.ratings().cells()) {
            throw new IllegalArgumentException(
                    "--cell " + cell + ": the pack has cells 1.." + p.ratings().cells());
        }
        ObjectNode root = NODES.objectNode();
        ObjectNode technical = technical(p, cell);
        ObjectNode condition = condition(p, cell);
        List<String> notKnown = new ArrayList<>();
        merge(technical, declared == null ? null : declared.get(TECHNICAL), TECHNICAL, REQUIRED_TECHNICAL, notKnown);
        merge(condition, declared == null ? null : declared.get(CONDITION), CONDITION, REQUIRED_CONDITION, notKnown);
        if (declared != null) {
            for (Iterator<String> it = declared.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals(TECHNICAL) && !f.equals(CONDITION)) {
                    throw new IllegalArgumentException("declaration: '" + f + "' is not a section of the aspect ("
                            + TECHNICAL + ", " + CONDITION + ")");
                }
            }
        }
        root.set(TECHNICAL, technical);
        root.set(CONDITION, condition);
        return new Export(root, List.copyOf(notKnown));
    }

    /** Declared attributes go where the firmware has none; one the firmware measures may not be declared. */
    private static void merge(
            ObjectNode section, JsonNode declared, String name, List<String> required, List<String> notKnown) {
        if (declared != null) {
            if (!declared.isObject()) {
                throw new IllegalArgumentException("declaration: " + name + " must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
                var e = it.next();
                if (section.has(e.getKey())) {
                    throw new IllegalArgumentException("declaration: " + name + "." + e.getKey()
                            + " is measured by the firmware; it cannot be declared");
                }
                if (!required.contains(e.getKey()) && !e.getKey().equals("cRate")) {
                    throw new IllegalArgumentException("declaration: " + name + "." + e.getKey()
                            + " is not an attribute of " + name + " in the model");
                }
                section.set(e.getKey(), e.getValue());
            }
        }
        for (String attribute : required) {
            if (!section.has(attribute)) {
                notKnown.add(name + "." + attribute);
            }
        }
    }

    private static ObjectNode technical(Passport p, int cell) {
        Ratings r = p.ratings();
        int n = cell == 0 ? r.cells() : 1;
        ObjectNode t = NODES.objectNode();
        t.putArray("originalPowerCapability");
        t.put("ratedCapacity", r.ratedCapacityAh());
        t.put("minimumVoltage", n * r.minCellVoltageV());
        t.put("maximumVoltage", n * r.maxCellVoltageV());
        ObjectNode initial = t.putArray("initialInternalResistance").addObject();
        initial.put("ohmicResistance", n * r.initialR0Ohm());
        initial.put("batteryComponent", cell == 0 ? "pack" : "cell");
        double powerFade =
                cell == 0 ? packPowerFade(p) : p.health().get(cell - 1).powerFadePercent();
        if (Double.isFinite(powerFade)) {
            t.put("powerFade", powerFade);
        }
        return t;
    }

    private static ObjectNode condition(Passport p, int cell) {
        Ratings r = p.ratings();
        LifeStoryRecord story = p.story();
        Throughput t = cell == 0 ? story.pack() : story.cells().get(cell - 1);
        String counted = time(story.lastUpdateEpochMs());
        String estimated = time(p.savedAtEpochMs());
        ObjectNode c = NODES.objectNode();
        value(c, "energyThroughput", t.chargeKWh() + t.dischargeKWh(), counted);
        value(c, "capacityThroughput", t.chargeAh() + t.dischargeAh(), counted);
        ObjectNode cycles = c.putObject("numberOfFullCycles");
        cycles.put("numberOfFullCyclesValue", (long) Math.floor(t.equivalentFullCycles(r.ratedCapacityAh())));
        cycles.put("lastUpdate", counted);
        double capacityAh =
                cell == 0 ? weakestCapacity(p) : p.health().get(cell - 1).capacityAh();
        if (Double.isFinite(capacityAh)) {
            value(c, "capacityFade", (1 - capacityAh / r.ratedCapacityAh()) * 100, estimated);
            value(c, "remainingCapacity", capacityAh, estimated);
        }
        ArrayNode events = c.putArray("negativeEvents");
        LifeStoryLimits limits = r.limits();
        event(
                events,
                "deep discharge (a cell below %.3f V): %d events"
                        .formatted(limits.deepDischargeV(), t.deepDischarges().count()),
                t.deepDischarges(),
                counted);
        event(
                events,
                "overcharge (a cell above %.3f V): %d events"
                        .formatted(limits.overchargeV(), t.overcharges().count()),
                t.overcharges(),
                counted);
        if (cell == 0) {
            story.faults()
                    .forEach((id, f) ->
                            event(events, "protection fault %s: raised %d times".formatted(id, f.count()), f, counted));
        }
        if (story.historyLost().count() > 0) {
            event(
                    events,
                    "life story incomplete: the saved story was lost %d times; figures count from the last"
                            .formatted(story.historyLost().count()),
                    story.historyLost(),
                    counted);
        }
        ObjectNode temperatures = c.putObject("temperatureInformation");
        temperatures.put("timeExtremeHighTemp", t.extremeHighS() / 60);
        temperatures.put("timeExtremeLowTemp", t.extremeLowS() / 60);
        temperatures.put("timeExtremeHighTempCharging", t.extremeHighChargingS() / 60);
        temperatures.put("timeExtremeLowTempCharging", t.extremeLowChargingS() / 60);
        temperatures.put("lastUpdate", counted);
        double soc = cell == 0 ? packSoc(p) : p.health().get(cell - 1).soc();
        double scale =
                cell == 0 ? meanResistanceScale(p) : p.health().get(cell - 1).resistanceScale();
        if (Double.isFinite(soc) && Double.isFinite(scale)) {
            ObjectNode power = c.putObject("remainingPowerCapability");
            ObjectNode at = power.putObject("remainingPowerCapabilityValue");
            at.put("atSoC", soc * 100);
            at.put("powerCapabilityAt", 100 / scale);
            at.put("rPCLastUpdated", estimated);
            power.put("lastUpdate", estimated);
        }
        ArrayNode increase = c.putArray("internalResistanceIncrease");
        if (cell == 0 && Double.isFinite(scale)) {
            resistance(increase, (scale - 1) * 100, "pack", estimated);
        }
        for (CellHealth h : p.health()) {
            if ((cell == 0 || h.cell() == cell) && Double.isFinite(h.resistanceScale())) {
                resistance(increase, h.resistanceIncreasePercent(), "cell", estimated);
            }
        }
        if (Double.isFinite(soc)) {
            value(c, "stateOfCharge", soc * 100, estimated);
        }
        return c;
    }

    private static void value(ObjectNode c, String attribute, double v, String lastUpdate) {
        ObjectNode n = c.putObject(attribute);
        n.put(attribute + "Value", v);
        n.put("lastUpdate", lastUpdate);
    }

    private static void event(ArrayNode events, String text, EventCount count, String otherwise) {
        ObjectNode e = events.addObject();
        e.put("negativeEvent", text + (count.count() > 0 ? ", the last at " + time(count.lastEpochMs()) : ""));
        e.put("lastUpdate", count.count() > 0 ? time(count.lastEpochMs()) : otherwise);
    }

    private static void resistance(ArrayNode list, double percent, String component, String lastUpdate) {
        ObjectNode n = list.addObject();
        n.put("internalResistanceIncreaseValue", percent);
        n.put("lastUpdate", lastUpdate);
        n.put("batteryComponent", component);
    }

    /** The model's Timestamp: ISO 8601 in UTC. */
    static String time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    /** A series string holds no more than its weakest cell. */
    static double weakestCapacity(Passport p) {
        double min = Double.POSITIVE_INFINITY;
        for (CellHealth h : p.health()) {
            min = Math.min(min, h.capacityAh());
        }
        return min;
    }

    /**
     * The pack's state of charge: the charge it can still deliver (until its emptiest cell is empty)
     * over that plus the charge it can still take (until its fullest cell is full).
     */
    static double packSoc(Passport p) {
        double out = Double.POSITIVE_INFINITY;
        double in = Double.POSITIVE_INFINITY;
        for (CellHealth h : p.health()) {
            out = Math.min(out, h.soc() * h.capacityAh());
            in = Math.min(in, (1 - h.soc()) * h.capacityAh());
        }
        return out / (out + in);
    }

    /** The pack's resistance over its beginning of life's: the cells' resistances add, each from the same R0. */
    static double meanResistanceScale(Passport p) {
        double sum = 0;
        for (CellHealth h : p.health()) {
            sum += h.resistanceScale();
        }
        return sum / p.health().size();
    }

    private static double packPowerFade(Passport p) {
        return (1 - 1 / meanResistanceScale(p)) * 100;
    }
}
