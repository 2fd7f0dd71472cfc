package org.healbms.core.protection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the diagnosis table on every tick, independent of the estimators: debounces each fault's
 * condition in time, raises it, and clears it when its recovery condition has held long enough (and,
 * for latched faults, an operator has acknowledged it). It only reports; the pack state machine acts.
 */
public final class SafetySupervisor {

    private static final long NEVER = Long.MIN_VALUE;

    private final DiagnosisTable table;
    private final Map<FaultId, Tracker> trackers = new EnumMap<>(FaultId.class);

    private static final class Tracker {
        long conditionSince = NEVER;
        long clearSince = NEVER;
        boolean active;
        boolean acknowledged;
    }

    public SafetySupervisor(DiagnosisTable table) {
        this.table = table;
        for (FaultId id : FaultId.values()) {
            trackers.put(id, new Tracker());
        }
    }

    /** Evaluates one tick; returns the faults raised or cleared by it (the shared empty list on most ticks). */
    public List<FaultEvent> update(ProtectionInputs in, long nowNanos) {
        List<FaultEvent> events = List.of();
        // By index, as in worstSeverity: an iterator a tick is garbage until the JIT has removed it.
        List<DiagnosisEntry> entries = table.entries();
        for (int k = 0; k < entries.size(); k++) {
            DiagnosisEntry e = entries.get(k);
            Tracker t = trackers.get(e.id());
            if (!t.active) {
                if (e.raise().test(in)) {
                    if (t.conditionSince == NEVER) {
                        t.conditionSince = nowNanos;
                    }
                    if (nowNanos - t.conditionSince >= e.debounce().toNanos()) {
                        t.active = true;
                        t.acknowledged = false;
                        t.clearSince = NEVER;
                        events = withEvent(events, new FaultEvent(nowNanos, e.id(), e.severity(), true, e.threshold()));
                    }
                } else {
                    t.conditionSince = NEVER;
                }
            } else {
                if (e.clear().test(in) && !e.raise().test(in)) {
                    if (t.clearSince == NEVER) {
                        t.clearSince = nowNanos;
                    }
                    if (nowNanos - t.clearSince >= e.recovery().toNanos() && (!e.latched() || t.acknowledged)) {
                        t.active = false;
                        t.conditionSince = NEVER;
                        events = withEvent(
                                events,
                                new FaultEvent(
                                        nowNanos,
                                        e.id(),
                                        e.severity(),
                                        false,
                                        e.latched() ? "recovered and acknowledged" : "recovered"));
                    }
                } else {
                    t.clearSince = NEVER;
                }
            }
        }
        return events;
    }

    private static List<FaultEvent> withEvent(List<FaultEvent> events, FaultEvent event) {
        List<FaultEvent> out = events.isEmpty() ? new ArrayList<>() : events;
        out.add(event);
        return out;
    }

    /** An operator has looked at a latched fault; it clears once its recovery condition holds. */
    public void acknowledge(FaultId id) {
        Tracker t = trackers.get(id);
        if (t.active) {
            t.acknowledged = true;
        }
    }

    /** The latched faults that are active and not acknowledged yet: what a restart must not forget. */
    public Set<FaultId> unacknowledgedLatched() {
        Set<FaultId> out = EnumSet.noneOf(FaultId.class);
        for (DiagnosisEntry e : table.entries()) {
            Tracker t = trackers.get(e.id());
            if (e.latched() && t.active && !t.acknowledged) {
                out.add(e.id());
            }
        }
        return out;
    }

    /**
     * Raises a latched fault at once, as it stood before a restart, without waiting for its debounce:
     * its condition was met then, and nobody has acknowledged it since. It clears as any latched fault
     * does, once acknowledged and its recovery condition has held.
     *
     * @return the raise, or empty when {@code id} is not a latched fault of the table or is active already
     */
    public Optional<FaultEvent> restoreLatched(FaultId id, long nowNanos) {
        Tracker t = trackers.get(id);
        for (DiagnosisEntry e : table.entries()) {
            if (e.id() == id && e.latched() && !t.active) {
                t.active = true;
                t.acknowledged = false;
                t.clearSince = NEVER;
                return Optional.of(new FaultEvent(
                        nowNanos, id, e.severity(), true, "latched before the restart and not acknowledged"));
            }
        }
        return Optional.empty();
    }

    public boolean active(FaultId id) {
        return trackers.get(id).active;
    }

    /** The active faults with their severity. */
    public Map<FaultId, Severity> activeFaults() {
        Map<FaultId, Severity> active = new EnumMap<>(FaultId.class);
        for (DiagnosisEntry e : table.entries()) {
            if (trackers.get(e.id()).active) {
                active.put(e.id(), e.severity());
            }
        }
        return Collections.unmodifiableMap(active);
    }

    /** The most severe active fault's severity, or null when none is active. */
    public Severity worstSeverity() {
        // Asked several times a tick: read from the trackers, without the map activeFaults builds or an iterator.
        Severity worst = null;
        List<DiagnosisEntry> entries = table.entries();
        for (int k = 0; k < entries.size(); k++) {
            DiagnosisEntry e = entries.get(k);
            Severity s = e.severity();
            if (trackers.get(e.id()).active && (worst == null || s.compareTo(worst) > 0)) {
                worst = s;
            }
        }
        return worst;
    }
}
