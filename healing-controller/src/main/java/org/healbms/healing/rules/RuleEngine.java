package org.healbms.healing.rules;

import java.util.ArrayList;
import java.util.Arrays;
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

    private static final Comparator<Firing> HIGHEST_PRIORITY_FIRST =
            Comparator.comparingInt(Firing::priority).reversed();

    private final AtomicReference<RuleSet> rules;
    /** Per rule id, each cell's state by cell number: no key built per rule, cell and evaluation. */
    private final Map<String, State[]> states = new HashMap<>();

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
        State[] cells = states.get(ruleId);
        return cells == null || cell < 0 || cell >= cells.length || cells[cell] == null ? 0 : cells[cell].doses;
    }

    private State state(String ruleId, int cell) {
        State[] cells = states.get(ruleId);
        if (cells == null || cell >= cells.length) {
            cells = cells == null ? new State[cell + 1] : Arrays.copyOf(cells, Math.max(cell + 1, 2 * cells.length));
            states.put(ruleId, cells);
        }
        if (cells[cell] == null) {
            cells[cell] = new State();
        }
        return cells[cell];
    }

    /** Evaluates the rules on these cells' signals; the firings, highest priority first. */
    public List<Firing> evaluate(List<CellSignals> cells, long nowNanos) {
        SignalTable table = new SignalTable();
        cells.forEach(c -> c.writeTo(table));
        List<Firing> firings = new ArrayList<>();
        evaluate(table, nowNanos, firings);
        return firings;
    }

    /**
     * Evaluates the rules on every row of the table, in row order, and puts the firings in
     * {@code firings} (cleared first), highest priority first. Nothing is allocated unless a rule fires.
     */
    public synchronized void evaluate(SignalTable cells, long nowNanos, List<Firing> firings) {
        firings.clear();
        RuleSet set = rules.get();
        List<Rule> list = set.rules();
        for (int row = 0; row < cells.rows(); row++) {
            int cell = cells.cell(row);
            for (int r = 0; r < list.size(); r++) {
                Rule rule = list.get(r);
                State s = state(rule.id(), cell);
                boolean when = rule.when().test(cells, row);
                if (!s.armed) {
                    boolean clear = rule.clearWhen() != null ? rule.clearWhen().test(cells, row) : !when;
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
                boolean agentLeft = rule.action().doses() == 0 || cells.get(row, SignalSlots.BUDGET_REMAINING) > 0;
                if (persisted && cooled && dosesLeft && agentLeft) {
                    s.armed = false;
                    s.lastFiredNanos = nowNanos;
                    if (!rule.advisory()) {
                        s.doses++;
                    }
                    firings.add(new Firing(
                            rule.id(), cell, rule.action(), rule.advisory(), rule.priority(), nowNanos, s.doses));
                }
            }
        }
        firings.sort(HIGHEST_PRIORITY_FIRST);
    }
}
