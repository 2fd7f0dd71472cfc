package org.healbms.healing.thermal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** How each rule's actions turned out: counts of verification outcomes and aborts, per rule id. */
public final class RuleEfficacy {

    /** One rule's record: verified outcomes and aborted actions. */
    public record Tally(String ruleId, int improved, int unchanged, int worse, int aborts) {}

    private final Map<String, EnumMap<Verification.Outcome, Integer>> outcomes = new HashMap<>();
    private final Map<String, Integer> aborts = new HashMap<>();
    /** {@link #tallies} as last made, or null after a change: the telemetry asks for it every tick. */
    private List<Tally> tallies;

    public synchronized void record(String ruleId, Verification.Outcome outcome) {
        outcomes.computeIfAbsent(ruleId, k -> new EnumMap<>(Verification.Outcome.class))
                .merge(outcome, 1, Integer::sum);
        tallies = null;
    }

    public synchronized void recordAbort(String ruleId) {
        aborts.merge(ruleId, 1, Integer::sum);
        tallies = null;
    }

    public synchronized int count(String ruleId, Verification.Outcome outcome) {
        return outcomes.getOrDefault(ruleId, new EnumMap<>(Verification.Outcome.class))
                .getOrDefault(outcome, 0);
    }

    public synchronized int aborts(String ruleId) {
        return aborts.getOrDefault(ruleId, 0);
    }

    /** Fraction of a rule's completed actions that improved their metric; NaN before any. */
    public synchronized double successRate(String ruleId) {
        var o = outcomes.get(ruleId);
        if (o == null) {
            return Double.NaN;
        }
        int total = o.values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? Double.NaN : o.getOrDefault(Verification.Outcome.IMPROVED, 0) / (double) total;
    }

    /** Every rule that has acted so far, by rule id (immutable; the same list until the next outcome). */
    public synchronized List<Tally> tallies() {
        if (tallies != null) {
            return tallies;
        }
        TreeSet<String> ids = new TreeSet<>(outcomes.keySet());
        ids.addAll(aborts.keySet());
        tallies = ids.stream()
                .map(id -> new Tally(
                        id,
                        count(id, Verification.Outcome.IMPROVED),
                        count(id, Verification.Outcome.UNCHANGED),
                        count(id, Verification.Outcome.WORSE),
                        aborts(id)))
                .toList();
        return tallies;
    }
}
