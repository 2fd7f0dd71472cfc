package org.healbms.twin.topology;

/** The twin's topics and store: one interface between the fleet, the twin and whoever reads its answers. */
public final class TwinTopics {

    /** In: one telemetry record per pack per tick, keyed by pack id (so a pack stays on one partition). */
    public static final String TELEMETRY = "healbms.telemetry";
    /** Out: the pack's SoC and SoH per cell with their 1σ, keyed by pack id. */
    public static final String ESTIMATES = "healbms.pack-estimates";
    /**
     * Out: the pack's life story (throughput, cycles, time at extremes, deep discharges and overcharges,
     * per cell and for the pack), keyed by pack id, once per {@code PackTwin.STORY_PERIOD_NANOS} of the
     * pack's time.
     */
    public static final String LIFE_STORY = "healbms.life-story";
    /**
     * Out: a record per degradation signature that became active or cleared on a cell of a pack (the
     * firmware's detectors on the pack's telemetry), keyed by pack id.
     */
    public static final String SIGNATURES = "healbms.signatures";
    /** Out: records the twin refused, unchanged, with the reason in the {@link #REASON_HEADER} header. */
    public static final String DEAD_LETTERS = "healbms.dead-letters";

    public static final String REASON_HEADER = "healbms.reason";
    /**
     * The per-pack filter state; Kafka Streams backs it with the changelog topic
     * {@code <application.id>-pack-twin-state-changelog}.
     */
    public static final String STATE_STORE = "pack-twin-state";

    private TwinTopics() {}

    public static String changelog(String applicationId) {
        return applicationId + "-" + STATE_STORE + "-changelog";
    }
}
