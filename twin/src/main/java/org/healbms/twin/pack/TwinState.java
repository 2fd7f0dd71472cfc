package org.healbms.twin.pack;

import java.util.List;
import java.util.Objects;
import org.healbms.core.estimation.FilterState;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.signature.PackSignatures;

/**
 * What the state store keeps per pack: every cell's filter snapshot, the pack's life story, its
 * signature detectors, and the last record applied, so an instance that takes the pack over
 * continues exactly, and a repeated or late record is told apart.
 *
 * @param lastTick         the tick of the last record applied
 * @param lastTimeNanos    its time, ns since the epoch
 * @param story            the life story as of that record
 * @param lastStoryNanos   when the last life-story update was published, ns since the epoch
 * @param activeFaults     the protection faults active in the last record (a fault is counted when it appears)
 * @param signatures       the signature detectors' state
 * @param activeSignatures the signatures active after the last record (a change is published when this changes)
 */
public record TwinState(
        long lastTick,
        long lastTimeNanos,
        List<FilterState> cells,
        LifeStoryRecord story,
        long lastStoryNanos,
        List<String> activeFaults,
        PackSignatures.State signatures,
        List<ActiveSignature> activeSignatures) {

    public TwinState {
        cells = List.copyOf(cells);
        Objects.requireNonNull(story, "story");
        activeFaults = List.copyOf(activeFaults);
        Objects.requireNonNull(signatures, "signatures");
        activeSignatures = List.copyOf(activeSignatures);
    }
}
