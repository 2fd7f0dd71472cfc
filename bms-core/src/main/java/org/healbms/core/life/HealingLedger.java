package org.healbms.core.life;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Every healing action with its verdict, as the life story keeps them: the latest {@link #CAPACITY}
 * entries in full (a pack's agent budget allows a few dozen doses per cell, so a lifetime's thermal
 * activations fit; alerts and derates that fire often push out only the oldest), and a count of every
 * action and verdict per rule that is never dropped. Verdicts arrive after the action (a thermal
 * activation is judged when it ends, a second time by the next impedance sweep); each goes to the
 * newest pending action of its rule on its cell.
 */
public final class HealingLedger {

    public static final int CAPACITY = 512;
    /** The verdict of an action the controller could not carry out (no heater, the cell busy). */
    public static final String NOT_CARRIED_OUT = "not_carried_out";

    private final ArrayDeque<HealingEntry> entries = new ArrayDeque<>();
    /** rule id -> verdict (or "acted") -> count. */
    private final Map<String, Map<String, Long>> tallies = new TreeMap<>();

    /**
     * A rule's action was carried out ({@code judged}: it will get a verdict) or refused by the
     * controller (then its verdict is {@code not_carried_out}).
     */
    public synchronized void acted(
            long epochMs, int cell, String ruleId, String action, boolean carriedOut, boolean judged) {
        String verdict = !carriedOut ? NOT_CARRIED_OUT : judged ? HealingEntry.PENDING : HealingEntry.NOT_JUDGED;
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new HealingEntry(epochMs, cell, ruleId, action, verdict));
        tally(ruleId, "acted");
        if (!carriedOut) {
            tally(ruleId, verdict);
        }
    }

    /** A verdict on the newest action of {@code ruleId} on {@code cell} that still waits for one. */
    public synchronized void judged(int cell, String ruleId, String verdict) {
        tally(ruleId, verdict);
        amendNewest(cell, ruleId, true, e -> e.judged(verdict));
    }

    /**
     * A later, second verdict (an impedance sweep judging a thermal activation by its R_ct): tallied
     * under {@code ruleId/by}, and added to the newest judged action of that rule on that cell.
     */
    public synchronized void judgedAgain(int cell, String ruleId, String by, String verdict) {
        tally(ruleId + "/" + by, verdict);
        amendNewest(cell, ruleId, false, e -> e.judged(e.verdict() + "; " + by + " " + verdict));
    }

    private void amendNewest(int cell, String ruleId, boolean pending, UnaryOperator<HealingEntry> change) {
        List<HealingEntry> all = new ArrayList<>(entries);
        for (int i = all.size() - 1; i >= 0; i--) {
            HealingEntry e = all.get(i);
            boolean waiting = e.verdict().equals(HealingEntry.PENDING);
            boolean judged = !waiting
                    && !e.verdict().equals(HealingEntry.NOT_JUDGED)
                    && !e.verdict().equals(NOT_CARRIED_OUT);
            if (e.cell() == cell && e.ruleId().equals(ruleId) && (pending ? waiting : judged)) {
                all.set(i, change.apply(e));
                entries.clear();
                entries.addAll(all);
                return;
            }
        }
    }

    private void tally(String ruleId, String what) {
        tallies.computeIfAbsent(ruleId, k -> new TreeMap<>()).merge(what, 1L, Long::sum);
    }

    /** The kept entries, oldest first. */
    public synchronized List<HealingEntry> entries() {
        return List.copyOf(entries);
    }

    /** Per rule: how many actions, and how many of each verdict, over the whole life. */
    public synchronized Map<String, Map<String, Long>> tallies() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        tallies.forEach((rule, t) -> out.put(rule, Map.copyOf(t)));
        return out;
    }

    /** Continues from a saved ledger (the newest {@link #CAPACITY} entries are kept). */
    public synchronized void restore(List<HealingEntry> saved, Map<String, Map<String, Long>> savedTallies) {
        entries.clear();
        Iterator<HealingEntry> it = saved.iterator();
        for (int skip = Math.max(0, saved.size() - CAPACITY); skip > 0; skip--) {
            it.next();
        }
        it.forEachRemaining(entries::addLast);
        tallies.clear();
        savedTallies.forEach((rule, t) -> tallies.put(rule, new TreeMap<>(t)));
    }
}
