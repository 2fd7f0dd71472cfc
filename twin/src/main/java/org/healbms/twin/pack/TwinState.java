package org.healbms.twin.pack;

import java.util.List;
import org.healbms.core.estimation.FilterState;

/**
 * What the state store keeps per pack: every cell's filter snapshot and the last record applied, so
 * an instance that takes the pack over continues exactly, and a repeated or late record is told apart.
 *
 * @param lastTick      the tick of the last record applied
 * @param lastTimeNanos its time, ns since the epoch
 */
public record TwinState(long lastTick, long lastTimeNanos, List<FilterState> cells) {

    public TwinState {
        cells = List.copyOf(cells);
    }
}
