package org.healbms.cli.lifetime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.protection.FaultId;
import org.healbms.core.protection.Severity;

/**
 * The faults the firmware raised over a life and when, in simulated seconds: the audit log has the
 * order and the reasons but no time, and a life is judged by whether its pack ends faulted and why.
 */
public final class FaultHistory {

    /** One fault from the tick it was seen raised to the tick it was seen cleared (NaN while active). */
    public record Episode(FaultId id, Severity severity, double raisedS, double clearedS) {

        public boolean active() {
            return Double.isNaN(clearedS);
        }
    }

    private final Map<FaultId, Episode> open = new EnumMap<>(FaultId.class);
    private final List<Episode> closed = new ArrayList<>();

    /** The firmware's active faults after the tick that ended at {@code nowS}. */
    void observe(double nowS, Map<FaultId, Severity> active) {
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            Episode e = it.next().getValue();
            if (!active.containsKey(e.id())) {
                closed.add(new Episode(e.id(), e.severity(), e.raisedS(), nowS));
                it.remove();
            }
        }
        active.forEach((id, severity) -> open.putIfAbsent(id, new Episode(id, severity, nowS, Double.NaN)));
    }

    /** The faults active at the end, in the diagnosis table's order. */
    List<Episode> active() {
        return List.copyOf(open.values());
    }

    /** How many times a fault was raised over the life (active ones included). */
    int raised() {
        return closed.size() + open.size();
    }
}
