package org.healbms.cli.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance dose on the ageing plant, the whole firmware on a virtual clock (no sleeping): a
 * 4-cell pack whose cells have the fresh contact damage a few weeks of cycling leave (0.2 % of their
 * particles, R0 +0.8 %: under what any measurement resolves, so no rule on resistance fires). The
 * bundled rules with the maintenance dose due after 0.2 cycles instead of 30 (a day's usage is about
 * half a cycle): each cell is dosed after the first morning's drive, heals, and the dose is judged at
 * the end of the next morning's drive; a dose whose effect is under what the verdict resolves is
 * judged unchanged, not worse.
 */
class LifetimeMaintenanceTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-01-01T00:00:00Z");
    /** Until 09:00 the next day: the first drive, the doses, the evening charge, the second drive's end. */
    private static final double UNTIL_S = 33 * 3600.0;

    private static final String DUE = "cycles_since_activation >= 30.0";

    @TempDir
    Path dir;

    @Test
    void cellsAreDosedByThroughputAndASmallEffectIsJudgedUnchanged() throws Exception {
        String rules;
        try (InputStream in = LifetimeBench.class.getResourceAsStream(LifetimeBench.RULES_RESOURCE)) {
            rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(rules).contains(DUE);
        Files.writeString(dir.resolve("maintenance.rules.yaml"), rules.replace(DUE, "cycles_since_activation >= 0.2"));
        Path config = dir.resolve("maintenance.yaml");
        Files.writeString(config, """
                format: healbms-firmware
                format_version: 1
                rules: maintenance.rules.yaml
                state_dir: state
                soc_guess: 0.9
                run_on_start: true
                """ + LifetimeBench.LIMITS_YAML);
        double damage = 0.002;
        Lifetime.Result r = Lifetime.run(
                dir,
                config,
                4,
                7,
                Lifetime.Mode.AUTO,
                UNTIL_S,
                LifetimeBench.TICK_MS,
                MIDNIGHT,
                new double[] {damage, damage, damage, damage},
                new PrintWriter(Writer.nullWriter()));

        assertThat(r.unsafeTicks()).isZero();
        assertThat(r.aborts()).isZero();
        assertThat(r.doses().falseActions()).isZero();
        for (int k = 0; k < 4; k++) {
            assertThat(r.end().doses()[k]).as("cell %d doses", k + 1).isEqualTo(1);
            // A first dose at 70 degC re-bonds about half of what is healable (docs/ageing-plant.md).
            assertThat(r.end().damage()[k]).as("cell %d damage", k + 1).isLessThan(0.75 * damage);
        }
        // Half of 0.2 % of the particles is R0 -0.4 %: under the least change a verdict counts.
        assertThat(r.doses().judged()).isEqualTo(4);
        assertThat(r.worse()).as("no dose judged worse").isZero();
        assertThat(r.doses().verdicts()).containsOnlyKeys("unchanged");
        assertThat(r.doses().agreement()).isEqualTo(1.0);
    }
}
