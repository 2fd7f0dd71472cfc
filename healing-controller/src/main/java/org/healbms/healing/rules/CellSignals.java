package org.healbms.healing.rules;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule condition sees of one cell at one evaluation, by the names the rules file uses:
 * {@code soc}, {@code temperature}, {@code core_temperature} (the virtual core sensor, °C),
 * {@code current} (A, + = charge), {@code soh_capacity},
 * {@code soh_resistance}, {@code time_since_healing_s}, {@code budget_remaining} (fraction of the
 * healing agent left), {@code signature} (kind to severity 0..1; 0 when not active) and {@code rate}
 * (signal name to its rate of change per second). NaN means not known; a comparison with NaN is
 * false, so an unknown signal never fires a rule.
 */
public record CellSignals(
        int cell,
        double soc,
        double temperatureDegC,
        double coreTemperatureDegC,
        double currentA,
        double sohCapacity,
        double sohResistance,
        double timeSinceHealingS,
        double budgetRemaining,
        Map<String, Double> signature,
        Map<String, Double> rate) {

    /**
     * The number signals by the names a condition uses: exactly those {@link #variables} supplies, and
     * the only ones a condition may name (with {@code signature} and {@code rate}), so a rules file
     * cannot ask for a signal the controller does not give it.
     */
    public static final List<String> NUMBERS = List.of(
            "soc",
            "temperature",
            "core_temperature",
            "current",
            "soh_capacity",
            "soh_resistance",
            "time_since_healing_s",
            "budget_remaining");

    /** The signals whose rate of change the firmware tracks, by the names {@code rate['...']} takes. */
    public static final List<String> RATE_NAMES = List.of("soc", "temperature", "soh_resistance", "strain");

    public CellSignals {
        if (cell < 0) {
            throw new IllegalArgumentException("a cell is numbered from 1, got " + cell);
        }
        signature = Map.copyOf(signature);
        rate = Map.copyOf(rate);
    }

    /** The number signals by name, in the order of {@link #NUMBERS}. */
    public Map<String, Double> numbers() {
        double[] values = {
            soc,
            temperatureDegC,
            coreTemperatureDegC,
            currentA,
            sohCapacity,
            sohResistance,
            timeSinceHealingS,
            budgetRemaining
        };
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < NUMBERS.size(); k++) {
            out.put(NUMBERS.get(k), values[k]);
        }
        return out;
    }

    /** The variables a CEL condition is evaluated with. */
    Map<String, Object> variables() {
        Map<String, Object> out = new HashMap<>(numbers());
        out.put("signature", signature);
        out.put("rate", rate);
        return out;
    }
}
