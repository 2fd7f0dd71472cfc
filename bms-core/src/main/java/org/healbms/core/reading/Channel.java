package org.healbms.core.reading;

import java.util.Objects;

/**
 * One value the board measures, as the board description names it.
 *
 * @param name  unique, human-readable, e.g. {@code "cell 3 voltage"} or {@code "cell 3 surface"}
 * @param kind  what it measures
 * @param cell  the cell it belongs to (1-based), or 0 for pack-level values
 */
public record Channel(String name, ChannelKind kind, int cell) {

    public Channel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isBlank() || name.contains(",") || name.contains("/")) {
            throw new IllegalArgumentException("channel name must be non-blank without ',' or '/': '" + name + "'");
        }
        if (cell < 0) {
            throw new IllegalArgumentException("cell must be >= 1, or 0 for the pack, got " + cell);
        }
    }

    /** The BDF column label, e.g. {@code "Cell 3 Voltage / V"}: name and unit as BDF writes them. */
    public String bdfLabel() {
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return capitalised + " / " + kind.unit();
    }
}
