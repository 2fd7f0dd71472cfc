package org.healbms.healing.rules;

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

    /** The signals whose rate of change the firmware tracks, by the names {@code rate['...']} takes. */
    public static final List<String> RATE_NAMES = List.of("soc", "temperature", "soh_resistance", "strain");

    public CellSignals {
        if (cell < 0) {
            throw new IllegalArgumentException("a cell is numbered from 1, got " + cell);
        }
        signature = Map.copyOf(signature);
        rate = Map.copyOf(rate);
    }

    /** The variables a CEL condition is evaluated with. */
    Map<String, Object> variables() {
        return Map.ofEntries(
                Map.entry("soc", soc),
                Map.entry("temperature", temperatureDegC),
                Map.entry("core_temperature", coreTemperatureDegC),
                Map.entry("current", currentA),
                Map.entry("soh_capacity", sohCapacity),
                Map.entry("soh_resistance", sohResistance),
                Map.entry("time_since_healing_s", timeSinceHealingS),
                Map.entry("budget_remaining", budgetRemaining),
                Map.entry("signature", signature),
                Map.entry("rate", rate));
    }
}
