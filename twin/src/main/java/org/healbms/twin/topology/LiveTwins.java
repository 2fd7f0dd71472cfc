package org.healbms.twin.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.healbms.twin.pack.PackTwin;

/**
 * The packs whose estimators are kept built, least recently used first out, bounded by their cells
 * (an estimator costs a few kB per cell). The state store holds every pack's state after every
 * record, so a pack dropped here is only rebuilt from it when it next reports, to the same numbers.
 */
final class LiveTwins {

    private final long maxCells;
    private long cells;
    private final LinkedHashMap<String, PackTwin> twins = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PackTwin> eldest) {
            if (cells > maxCells && size() > 1) {
                cells -= eldest.getValue().model().cells();
                return true;
            }
            return false;
        }
    };

    LiveTwins(long maxCells) {
        if (maxCells < 1) {
            throw new IllegalArgumentException("at least one live cell, got " + maxCells);
        }
        this.maxCells = maxCells;
    }

    PackTwin get(String pack) {
        return twins.get(pack);
    }

    void put(String pack, PackTwin twin) {
        PackTwin old = twins.remove(pack);
        if (old != null) {
            cells -= old.model().cells();
        }
        cells += twin.model().cells();
        twins.put(pack, twin);
    }

    void clear() {
        twins.clear();
        cells = 0;
    }
}
