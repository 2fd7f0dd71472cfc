package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;

/**
 * Sensor faults as a signature: a channel whose value has been a sensor or comms fault for the
 * persistence time (a loose connector flickering for a tick does not count). One signature per
 * cell, naming every faulty channel of it; pack-level channels count as cell 0.
 */
public final class SensorFaultDetector {

    private final long persistNanos;
    private final Map<Integer, PersistentCondition> conditions = new HashMap<>();

    public SensorFaultDetector(long persistNanos) {
        this.persistNanos = persistNanos;
    }

    public List<DegradationSignature> update(ReadingFrame frame) {
        Map<Integer, List<String>> faulty = new HashMap<>();
        for (int i = 0; i < frame.layout().size(); i++) {
            Quality q = frame.quality(i);
            var channel = frame.layout().get(i);
            faulty.computeIfAbsent(channel.cell(), k -> new ArrayList<>());
            if (q == Quality.SENSOR_FAULT || q == Quality.COMMS_FAULT) {
                faulty.get(channel.cell()).add(channel.name() + " (" + q.name().toLowerCase() + ")");
            }
        }
        List<DegradationSignature> active = new ArrayList<>();
        for (var e : faulty.entrySet()) {
            PersistentCondition c =
                    conditions.computeIfAbsent(e.getKey(), k -> new PersistentCondition(0.5, 0.5, persistNanos));
            if (c.update(e.getValue().isEmpty() ? 0 : 1, frame.monotonicNanos())) {
                active.add(new DegradationSignature(
                        SignatureKind.SENSOR_FAULT,
                        e.getKey(),
                        e.getValue().isEmpty() ? 0.0 : 1.0,
                        1.0,
                        e.getValue().isEmpty() ? "recovering" : "faulty: " + String.join(", ", e.getValue()),
                        c.activeSince()));
            }
        }
        return active;
    }
}
