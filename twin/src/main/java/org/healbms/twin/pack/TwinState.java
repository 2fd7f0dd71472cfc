package org.healbms.twin.pack;

import java.util.List;
import java.util.Objects;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.life.LifeStoryRecord;

/**
 * What the state store keeps per pack: every cell's filter snapshot, the pack's life story, and the
 * last record applied, so an instance that takes the pack over continues exactly, and a repeated or
 * late record is told apart.
 *
 * @param lastTick       the tick of the last record applied
 * @param lastTimeNanos  its time, ns since the epoch
 * @param story          the life story as of that record
 * @param lastStoryNanos when the last life-story update was published, ns since the epoch
 */
public record TwinState(
        long lastTick, long lastTimeNanos, List<FilterState> cells, LifeStoryRecord story, long lastStoryNanos) {

    public TwinState {
        cells = List.copyOf(cells);
        Objects.requireNonNull(story, "story");
    }
}
