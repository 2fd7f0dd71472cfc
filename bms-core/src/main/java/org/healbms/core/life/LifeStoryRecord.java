package org.healbms.core.life;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The life story as saved and served: immutable, taken from a {@link LifeStory} between ticks.
 *
 * @param firstEpochMs      wall-clock time of the first power-on the story counts from, ms
 * @param lastUpdateEpochMs wall-clock time of the last tick counted, ms
 * @param operatingS        time the firmware has watched the pack, s
 * @param pack              the pack's throughput (the series current through the sum of the cells)
 * @param cells             each cell's, in cell order
 * @param faults            protection faults raised, by fault id
 * @param historyLost       times the saved story was lost (both state slots unreadable) and counting
 *                          began again: the figures then count from the last of them, not from the first power-on
 */
public record LifeStoryRecord(
        long firstEpochMs,
        long lastUpdateEpochMs,
        double operatingS,
        Throughput pack,
        List<Throughput> cells,
        Map<String, EventCount> faults,
        EventCount historyLost) {

    public LifeStoryRecord {
        cells = List.copyOf(cells);
        faults = Collections.unmodifiableMap(new TreeMap<>(faults));
        if (pack == null || historyLost == null) {
            throw new IllegalArgumentException("a life story needs its pack throughput and its losses");
        }
        if (!(operatingS >= 0) || Double.isInfinite(operatingS)) {
            throw new IllegalArgumentException("operating time must be finite and >= 0, got " + operatingS);
        }
    }
}
