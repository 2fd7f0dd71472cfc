package org.healbms.healing.thermal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** How each rule's actions turned out: counts of verification outcomes and aborts, per rule id. */
public final class RuleEfficacy {

    private final Map<String, EnumMap<Verification.Outcome, Integer>> outcomes = new HashMap<>();
    private final Map<String, Integer> aborts = new HashMap<>();

    public synchronized void record(String ruleId, Verification.Outcome outcome) {
        outcomes.computeIfAbsent(ruleId, k -> new EnumMap<>(Verification.Outcome.class)).merge(outcome, 1, Integer::sum);
    }

    public synchronized void recordAbort(String ruleId) {
        aborts.merge(ruleId, 1, Integer::sum);
    }

    public synchronized int count(String ruleId, Verification.Outcome outcome) {
        return outcomes.getOrDefault(ruleId, new EnumMap<>(Verification.Outcome.class)).getOrDefault(outcome, 0);
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
}
