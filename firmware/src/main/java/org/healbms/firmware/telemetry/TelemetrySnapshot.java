package org.healbms.firmware.telemetry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.healbms.core.impedance.ImpedanceRecord;

/**
 * What the firmware shows the outside world, made once per control tick and replaced whole, so a
 * telemetry reader (a CoAP observer on its own thread) takes a consistent picture without ever
 * holding up the control loop.
 */
public record TelemetrySnapshot(
        long tick,
        long epochMillis,
        String packState,
        double chargeLimitA,
        double dischargeLimitA,
        List<String> activeFaults,
        List<Cell> cells,
        List<Signature> signatures,
        List<Reading> readings,
        List<RuleTally> ruleEfficacy,
        List<Impedance> impedance) {

    /** One raw channel of the reading frame, with its quality flag. */
    public record Reading(String channel, String unit, double value, String quality) {}

    /**
     * {@code healingBudget} is the fraction of the cell's healing agent left; {@code heating} a thermal
     * activation in progress; the core temperature and its 1σ are NaN without a thermal model.
     */
    public record Cell(
            int cell,
            double voltageV,
            double temperatureDegC,
            double soc,
            double socSigma,
            double sohResistance,
            double healingBudget,
            boolean heating,
            double coreTemperatureDegC,
            double coreTemperatureSigmaK) {}

    /** How a rule's healing actions turned out so far. */
    public record RuleTally(String ruleId, int improved, int unchanged, int worse, int aborts) {}

    public record Signature(String kind, int cell, double severity, double confidence, String evidence) {}

    /**
     * A cell's impedance history, for each cell with an impedance front end: its baselines and its
     * recent records, each oldest first (the last recent record is the latest sweep), how many sweeps
     * were recorded over the cell's life (older ones are no longer held), and whether one is running.
     */
    public record Impedance(
            int cell, List<ImpedanceRecord> baselines, List<ImpedanceRecord> recent, long recorded, boolean sweeping) {

        public Impedance {
            baselines = List.copyOf(baselines);
            recent = List.copyOf(recent);
        }

        public Optional<ImpedanceRecord> latest() {
            return recent.isEmpty() ? Optional.empty() : Optional.of(recent.getLast());
        }

        /** Every record held, each once (a baseline may also be recent), oldest first. */
        public List<Held> held() {
            Set<ImpedanceRecord> baseline = new HashSet<>(baselines);
            List<Held> all = new ArrayList<>();
            baselines.forEach(r -> all.add(new Held(r, true)));
            recent.stream().filter(r -> !baseline.contains(r)).forEach(r -> all.add(new Held(r, false)));
            all.sort(Comparator.comparingLong(h -> h.record().epochMs()));
            return all;
        }
    }

    /** A record of a cell's impedance history, and whether later sweeps are compared with it. */
    public record Held(ImpedanceRecord record, boolean baseline) {}

    public TelemetrySnapshot {
        activeFaults = List.copyOf(activeFaults);
        cells = List.copyOf(cells);
        signatures = List.copyOf(signatures);
        readings = List.copyOf(readings);
        ruleEfficacy = List.copyOf(ruleEfficacy);
        impedance = List.copyOf(impedance);
    }
}
