package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;

/**
 * Sensor faults as a signature: a channel whose value has been a sensor or comms fault for the
 * persistence time (a loose connector flickering for a tick does not count). One signature per
 * cell, naming every faulty channel of it; pack-level channels count as cell 0.
 */
public final class SensorFaultDetector {

    private final ByCell<PersistentCondition> conditions;
    /** This frame's faulty channels per cell, -1 for a cell without a channel: kept, so a frame allocates nothing. */
    private int[] faulty = new int[0];

    public SensorFaultDetector(long persistNanos) {
        this.conditions = new ByCell<>(cell -> new PersistentCondition(0.5, 0.5, persistNanos));
    }

    public List<DegradationSignature> update(ReadingFrame frame) {
        List<Channel> layout = frame.layout();
        int lastCell = 0;
        for (int i = 0; i < layout.size(); i++) {
            lastCell = Math.max(lastCell, layout.get(i).cell());
        }
        if (faulty.length <= lastCell) {
            faulty = new int[lastCell + 1];
        }
        Arrays.fill(faulty, -1);
        for (int i = 0; i < layout.size(); i++) {
            int cell = layout.get(i).cell();
            faulty[cell] = Math.max(faulty[cell], 0) + (faulty(frame.quality(i)) ? 1 : 0);
        }
        List<DegradationSignature> active = List.of();
        for (int cell = 0; cell <= lastCell; cell++) {
            if (faulty[cell] < 0) {
                continue;
            }
            PersistentCondition c = conditions.of(cell);
            if (c.update(faulty[cell] == 0 ? 0 : 1, frame.monotonicNanos())) {
                if (active.isEmpty()) {
                    active = new ArrayList<>();
                }
                active.add(new DegradationSignature(
                        SignatureKind.SENSOR_FAULT,
                        cell,
                        faulty[cell] == 0 ? 0.0 : 1.0,
                        1.0,
                        faulty[cell] == 0 ? "recovering" : "faulty: " + faultyChannels(frame, cell),
                        c.activeSince()));
            }
        }
        return active;
    }

    /** Each cell's condition, by cell number up to the highest seen: what {@link #restore} continues from. */
    public List<PersistentCondition.State> snapshot() {
        return conditions.snapshot(PersistentCondition::snapshot);
    }

    /** Continues from a {@link #snapshot}, as the detector it was taken of would have. */
    public void restore(List<PersistentCondition.State> cells) {
        conditions.restore(cells, PersistentCondition::restore);
    }

    private static boolean faulty(Quality q) {
        return q == Quality.SENSOR_FAULT || q == Quality.COMMS_FAULT;
    }

    /** The cell's faulty channels and their qualities, in frame order: built only for an active signature. */
    private static String faultyChannels(ReadingFrame frame, int cell) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < frame.layout().size(); i++) {
            Channel channel = frame.layout().get(i);
            if (channel.cell() == cell && faulty(frame.quality(i))) {
                names.add(channel.name() + " (" + frame.quality(i).name().toLowerCase() + ")");
            }
        }
        return String.join(", ", names);
    }
}
