package org.healbms.deploy.runtime;

import java.util.List;

/**
 * What the firmware shows the outside world, made once per control tick and replaced whole, so a
 * telemetry reader (a CoAP observer on its own thread) takes a consistent picture without ever
 * holding up the control loop.
 */
public record TelemetrySnapshot(long tick, long epochMillis, String packState, double chargeLimitA, double dischargeLimitA,
                                List<String> activeFaults, List<Cell> cells, List<Signature> signatures,
                                List<Reading> readings, List<RuleTally> ruleEfficacy, List<Impedance> impedance) {

    /** One raw channel of the reading frame, with its quality flag. */
    public record Reading(String channel, String unit, double value, String quality) {
    }

    /** {@code healingBudget} is the fraction of the cell's healing agent left; {@code heating} a thermal activation in progress. */
    public record Cell(int cell, double voltageV, double temperatureDegC, double soc, double socSigma, double sohResistance,
                       double healingBudget, boolean heating) {
    }

    /** How a rule's healing actions turned out so far. */
    public record RuleTally(String ruleId, int improved, int unchanged, int worse, int aborts) {
    }

    public record Signature(String kind, int cell, double severity, double confidence, String evidence) {
    }

    /**
     * A cell's impedance history at a glance, for each cell with an impedance front end: the latest
     * recorded sweep (NaN and a time of -1 before the first), how many records the history holds,
     * and whether a sweep is running.
     */
    public record Impedance(int cell, double ohmicOhm, double chargeTransferOhm, double fitError, double soc,
                            double temperatureDegC, long sweptAtEpochMs, int entries, boolean sweeping) {
    }

    public TelemetrySnapshot {
        activeFaults = List.copyOf(activeFaults);
        cells = List.copyOf(cells);
        signatures = List.copyOf(signatures);
        readings = List.copyOf(readings);
        ruleEfficacy = List.copyOf(ruleEfficacy);
        impedance = List.copyOf(impedance);
    }
}
