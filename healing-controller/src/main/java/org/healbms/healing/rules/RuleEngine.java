package org.healbms.healing.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Evaluates the rule set on every cell: a rule fires on a cell when its condition has held for its
 * persistence time, it is armed (it has not fired since its clear condition last held), its cooldown
 * has passed, the cell has doses left for it and healing agent left for its action. Firings come
 * back highest priority first; the caller runs them inside the interlocks.
 *
 * <p>The rule set is replaced atomically ({@link #replace}): an evaluation sees the old set or the
 * new one, never a mix. Per-rule state (timers, doses) is kept by rule id, so replacing a set
 * with an edited one does not hand out fresh doses.
 */
public final class RuleEngine {

    private final AtomicReference<RuleSet> rules;
    private final Map<RuleOnCell, State> states = new HashMap<>();

    /** A rule on a cell: the key of its state, looked up for every rule on every cell each tick. */
    private record RuleOnCell(String ruleId, int cell) {}

    private static final class State {
        long conditionSince = Long.MIN_VALUE;
        long lastFiredNanos = Long.MIN_VALUE;
        boolean armed = true;
        int doses;
    }

    public RuleEngine(RuleSet initial) {
        this.rules = new AtomicReference<>(initial);
    }

    /** Puts a validated set in force at once; returns the one it replaced. */
    public RuleSet replace(RuleSet next) {
        return rules.getAndSet(next);
    }

    public RuleSet rules() {
        return rules.get();
    }

    /** Doses a rule has given a cell. */
    public synchronized int doses(String ruleId, int cell) {
        State s = states.get(new RuleOnCell(ruleId, cell));
        return s == null ? 0 : s.doses;
    }

    public synchronized List<Firing> evaluate(List<CellSignals> cells, long nowNanos) {
        RuleSet set = rules.get();
        List<Firing> firings = new ArrayList<>();
        for (CellSignals cell : cells) {
            Map<String, Object> variables = cell.variables();
            for (Rule rule : set.rules()) {
                State s = states.computeIfAbsent(new RuleOnCell(rule.id(), cell.cell()), k -> new State());
                boolean when = rule.when().test(variables);
                if (!s.armed) {
                    boolean clear = rule.clearWhen() != null ? rule.clearWhen().test(variables) : !when;
                    if (clear) {
                        s.armed = true;
                        s.conditionSince = Long.MIN_VALUE;
                    }
                    continue;
                }
                if (!when) {
                    s.conditionSince = Long.MIN_VALUE;
                    continue;
                }
                if (s.conditionSince == Long.MIN_VALUE) {
                    s.conditionSince = nowNanos;
                }
                boolean persisted = nowNanos - s.conditionSince >= (long) (rule.forS() * 1e9);
                boolean cooled = s.lastFiredNanos == Long.MIN_VALUE
                        || nowNanos - s.lastFiredNanos >= (long) (rule.cooldownS() * 1e9);
                boolean dosesLeft = s.doses < rule.maxDoses();
                boolean agentLeft = rule.action().doses() == 0 || cell.budgetRemaining() > 0;
                if (persisted && cooled && dosesLeft && agentLeft) {
                    s.armed = false;
                    s.lastFiredNanos = nowNanos;
                    if (!rule.advisory()) {
                        s.doses++;
                    }
                    firings.add(new Firing(
                            rule.id(),
                            cell.cell(),
                            rule.action(),
                            rule.advisory(),
                            rule.priority(),
                            nowNanos,
                            s.doses));
                }
            }
        }
        firings.sort(Comparator.comparingInt(Firing::priority).reversed());
        return firings;
    }
}
