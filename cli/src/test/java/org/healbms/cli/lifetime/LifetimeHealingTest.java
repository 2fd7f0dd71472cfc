package org.healbms.cli.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decide and heal over the first morning of a life, the whole firmware on the ageing plant (virtual
 * clock, no sleeping): a 4-cell pack whose cells 1 and 2 start with fresh contact damage (5 % of their
 * particles out of contact: R0 about 1.2 x the new cell's) and whose cells 3 and 4 are new. The bundled
 * rules measure the resistance in the 08:00 drive, dose the damaged cells once the pack is idle after
 * it, and leave the new ones alone.
 */
class LifetimeHealingTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-01-01T00:00:00Z");
    /** Until 11:00: the drive, the rules' persistence at rest, and a dose's ramp, hold and cooling. */
    private static final double UNTIL_S = 11 * 3600.0;

    @TempDir
    Path dir;

    @Test
    void damagedCellsAreDosedInsideTheirLimitsAndHealWhileNewCellsAreNotDosed() throws Exception {
        double damage = 0.05;
        Lifetime.Result r = Lifetime.run(
                dir,
                null,
                4,
                7,
                Lifetime.Mode.AUTO,
                UNTIL_S,
                LifetimeBench.TICK_MS,
                MIDNIGHT,
                new double[] {damage, damage, 0, 0},
                new PrintWriter(Writer.nullWriter()));

        assertThat(r.series().doses())
                .as("doses given")
                .extracting(LifeSeries.Dose::cell)
                .containsExactlyInAnyOrder(1, 2);
        assertThat(r.doses().falseActions()).isZero();
        assertThat(r.unsafeTicks()).isZero();
        assertThat(r.aborts()).isZero();
        assertThat(r.extremes().maxCoreDegC()).isBetween(60.0, 85.0);
        assertThat(r.heatingEnergyWh()).isPositive();
        for (int k = 0; k < 2; k++) {
            // A first dose at 70 degC re-bonds about half of what is healable (docs/ageing-plant.md).
            assertThat(r.end().damage()[k]).as("cell %d damage", k + 1).isLessThan(0.7 * damage);
            assertThat(r.end().doses()[k]).isEqualTo(1);
        }
        for (int k = 2; k < 4; k++) {
            assertThat(r.end().doses()[k]).as("cell %d doses", k + 1).isZero();
            assertThat(r.end().damage()[k]).isLessThan(1e-3);
        }
    }
}
