package org.healbms.firmware.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that saves state continuously (SIGKILL, at random moments, many times) and checks
 * that the state always loads, that it is never older than the last save the process reported
 * complete, and never newer than the one in progress. Rounds: {@code -Dhealbms.killtest.rounds}
 * (default 20; {@code scripts/kill-test.sh} runs 500).
 */
class KillDuringSaveTest {

    @TempDir
    Path dir;

    @Test
    void stateSurvivesKillsAtRandomPointsOfASave() throws Exception {
        int rounds = Integer.getInteger("healbms.killtest.rounds", 20);
        String java = ProcessHandle.current().info().command().orElse("java");
        Random random = new Random(Long.getLong("healbms.killtest.seed", 42L));
        long previous = 0;
        long totalSaves = 0;
        for (int round = 0; round < rounds; round++) {
            // The writer's "saved N" lines go to a file, not a pipe: a file keeps every byte the
            // process wrote before it died, whatever the timing of the kill.
            Path log = dir.resolve("writer-" + round + ".log");
            Process p = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            StateWriterProcess.class.getName(),
                            dir.resolve("store").toString(),
                            Integer.toString(16_384 + random.nextInt(65_536)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (lastSaved(log) < 0 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(lastSaved(log))
                    .as("round %d: the writer started saving", round)
                    .isPositive();
            Thread.sleep(random.nextInt(150));
            p.destroyForcibly();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long acked = lastSaved(log);

            SlotStore.Loaded loaded =
                    new SlotStore(dir.resolve("store"), "state").load().orElseThrow();
            String tag = new String(loaded.payload(), 0, 40, StandardCharsets.US_ASCII);
            assertThat(tag).startsWith("seq=" + loaded.sequence() + ";");
            assertThat(loaded.sequence()).as("round %d", round).isBetween(acked, acked + 1);
            assertThat(loaded.sequence()).isGreaterThanOrEqualTo(previous);
            totalSaves += loaded.sequence() - previous;
            previous = loaded.sequence();
            List<String> warnings = loaded.warnings();
            // A warning is allowed (the cut save); a load failure would have thrown above.
            assertThat(warnings.size()).isLessThanOrEqualTo(1);
        }
        System.out.printf(
                "kill test: %d kills, %d saves, state always loaded, never behind the last completed save%n",
                rounds, totalSaves);
    }

    /** The last sequence the writer reported saved, or -1. */
    private static long lastSaved(Path log) throws IOException {
        if (!Files.exists(log)) {
            return -1;
        }
        long last = -1;
        for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
            if (line.startsWith("saved ") && line.length() > 6) {
                last = Long.parseLong(line.substring(6).trim());
            }
        }
        return last;
    }
}
