package org.healbms.firmware.passport;

import java.util.List;
import java.util.Map;
import org.healbms.core.life.HealingEntry;
import org.healbms.core.life.LifeStoryRecord;

/**
 * The pack's passport as saved with the firmware state: its ratings, its life story, each cell's
 * state of health, and the healing ledger.
 *
 * @param savedAtEpochMs  wall-clock time it was taken, ms
 * @param healingTallies  per rule: actions and verdicts over the whole life
 */
public record Passport(
        long savedAtEpochMs,
        Ratings ratings,
        LifeStoryRecord story,
        List<CellHealth> health,
        List<HealingEntry> healing,
        Map<String, Map<String, Long>> healingTallies) {

    public Passport {
        health = List.copyOf(health);
        healing = List.copyOf(healing);
        healingTallies = Map.copyOf(healingTallies);
        if (story.cells().size() != ratings.cells() || health.size() != ratings.cells()) {
            throw new IllegalArgumentException("a passport of " + ratings.cells() + " cells has a story of "
                    + story.cells().size() + " and the health of " + health.size());
        }
    }
}
