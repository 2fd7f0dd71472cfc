package org.healbms.healing.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.signature.SignatureKind;

/**
 * What a rule condition sees of one cell at one evaluation, by the names the rules file uses:
 * {@code soc}, {@code temperature}, {@code core_temperature} (the virtual core sensor, °C),
 * {@code current} (A, + = charge), {@code soh_capacity},
 * {@code soh_resistance}, {@code time_since_healing_s}, {@code budget_remaining} (fraction of the
 * healing agent left), {@code cycles_since_activation} (equivalent full cycles of charge throughput
 * since the cell's last completed thermal activation, or since the firmware started counting), {@code signature} (kind to severity 0..1; 0 when not active) and {@code rate}
 * (signal name to its rate of change per second). NaN means not known; a comparison with NaN is
 * unknown ({@link Verdict}), so an unknown signal never fires a rule. The firmware writes the same
 * signals straight into a {@link SignalTable}; this record is the same row as a value.
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
        double cyclesSinceActivation,
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
            "budget_remaining",
            "cycles_since_activation");

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
            budgetRemaining,
            cyclesSinceActivation
        };
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < NUMBERS.size(); k++) {
            out.put(NUMBERS.get(k), values[k]);
        }
        return out;
    }

    /**
     * Adds this cell's row to a table: the numbers, each signature's severity and each rate; one
     * missing from the maps is NaN there (not known), which no condition takes for a value.
     */
    public void writeTo(SignalTable table) {
        int row = table.add(cell);
        Map<String, Double> numbers = numbers();
        for (String name : NUMBERS) {
            table.set(row, SignalSlots.number(name), numbers.get(name));
        }
        for (SignatureKind kind : SignatureKind.values()) {
            table.set(row, SignalSlots.signature(kind), signature.getOrDefault(kind.ruleName(), Double.NaN));
        }
        for (String name : RATE_NAMES) {
            table.set(row, SignalSlots.rate(name), rate.getOrDefault(name, Double.NaN));
        }
    }
}
