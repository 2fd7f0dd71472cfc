package org.healbms.twin.topology;

/**
 * The topics one twin reads and writes. A fleet's twin uses {@link #FLEET}; a replay against
 * a shared broker uses topics of its own ({@link #forRun}), so it neither reads a fleet's telemetry
 * nor writes estimates a fleet's readers would take for a pack's.
 */
public record TopicNames(String telemetry, String estimates, String lifeStory, String signatures, String deadLetters) {

    public static final TopicNames FLEET = new TopicNames(
            TwinTopics.TELEMETRY,
            TwinTopics.ESTIMATES,
            TwinTopics.LIFE_STORY,
            TwinTopics.SIGNATURES,
            TwinTopics.DEAD_LETTERS);

    /** {@code healbms.RUN.telemetry}, ...: a run's own topics. */
    public static TopicNames forRun(String run) {
        if (!run.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "a run's name goes into topic names: letters, digits, . _ -; got " + run);
        }
        return new TopicNames(
                "healbms." + run + ".telemetry",
                "healbms." + run + ".pack-estimates",
                "healbms." + run + ".life-story",
                "healbms." + run + ".signatures",
                "healbms." + run + ".dead-letters");
    }
}
