package org.healbms.cli.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.firmware.telemetry.TelemetrySnapshot;
import org.healbms.sim.plant.AgeingCell;
import org.healbms.sim.plant.AgeingPack;
import org.healbms.sim.plant.AmbientProfile;
import org.healbms.sim.plant.CellVariation;
import org.healbms.sim.plant.EmulatedCharger;
import org.healbms.sim.plant.ageing.AgeingRates;
import org.healbms.sim.plant.ageing.CellAgeing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety score looks at every step of the plant, not only at the firmware's ticks: a cell pulled
 * below its minimum voltage for a moment between two ticks makes the next tick unsafe, though the
 * cell has recovered by the time the tick reads it. The plant is stepped on its own clock.
 */
class LifetimeScoreTest {

    @TempDir
    Path dir;

    private static final TelemetrySnapshot NO_ESTIMATES = new TelemetrySnapshot(
            0, 0, "normal", 0, 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    private AgeingPack lowPack(CellParameters p) {
        AgeingCell cell = new AgeingCell(
                p, Lifetime.IN_PACK, CellVariation.NOMINAL, new CellAgeing(AgeingRates.NOMINAL), 0.1, 25.0);
        return new AgeingPack(List.of(cell), new EmulatedCharger(3.0), AmbientProfile.constant(25.0));
    }

    @Test
    void anExcursionBetweenTwoTicksMakesTheNextTickUnsafe() throws Exception {
        CellParameters p = LifetimeBench.write(dir, 1, 0.5).cell();
        AgeingPack pack = lowPack(p);
        LifetimeScore score = new LifetimeScore(p);
        pack.afterEachStep(score::step);

        // A safe tick: ten 0.1 s steps at rest.
        for (int k = 0; k < 10; k++) {
            pack.step(0.1, 0.0);
        }
        score.tick(pack, NO_ESTIMATES);
        assertThat(score.unsafeTicks()).isZero();

        // Within the next 1 s tick: a 0.1 s pulse of 60 A from a nearly empty cell, then rest again.
        pack.step(0.1, -60.0);
        double pulled = pack.cell(1).terminalVoltage(pack.currentA());
        for (int k = 0; k < 9; k++) {
            pack.step(0.1, 0.0);
        }
        double atTick = pack.cell(1).terminalVoltage(pack.currentA());
        assertThat(pulled).isLessThan(p.minVoltageV());
        assertThat(atTick).as("recovered by the tick").isGreaterThan(p.minVoltageV());
        score.tick(pack, NO_ESTIMATES);

        assertThat(score.unsafeSteps()).isEqualTo(1);
        assertThat(score.unsafeTicks()).isEqualTo(1);
        assertThat(score.steps()).isEqualTo(20);
        assertThat(score.extremes().minCellVoltageV()).isEqualTo(pulled);

        // The excursion is counted once: the tick after is safe again.
        for (int k = 0; k < 10; k++) {
            pack.step(0.1, 0.0);
        }
        score.tick(pack, NO_ESTIMATES);
        assertThat(score.unsafeTicks()).isEqualTo(1);
    }
}
