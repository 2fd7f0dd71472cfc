package org.healbms.cli.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    /** A copy of {@link #lowPack}'s cell at {@code soc0} after {@code seconds} at {@code currentA}. */
    private static AgeingPack after(CellParameters p, double soc0, double currentA, double seconds) {
        AgeingCell cell = new AgeingCell(
                p, Lifetime.IN_PACK, CellVariation.NOMINAL, new CellAgeing(AgeingRates.NOMINAL), soc0, 25.0);
        AgeingPack pack = new AgeingPack(List.of(cell), new EmulatedCharger(3.0), AmbientProfile.constant(25.0));
        for (int k = 0; k < seconds; k++) {
            pack.step(1.0, currentA);
        }
        return pack;
    }

    /**
     * Why the plant may step a whole tick at a constant current: sub-stepped in ten, the same second
     * never takes a charging cell above the higher of the voltages the score checks (the end of the step
     * before and of this one), nor a discharging one below the lower, even where the RC pairs relax
     * against the current; and the step ends where the ten do.
     */
    @Test
    void aConstantCurrentStepHasItsExtremesAtItsEnds() throws Exception {
        CellParameters p = LifetimeBench.write(dir, 1, 0.5).cell();
        // {from current, then current}: a charge after a harder one (the RC pairs fall while the OCV
        // rises), a discharge after a harder one, and each after a rest or the other way round.
        double[][] cases = {{2.9, 0.5}, {-10.0, -2.0}, {0.0, 1.5}, {0.0, -5.0}, {-5.0, 1.5}, {1.5, -5.0}};
        for (double[] c : cases) {
            AgeingPack whole = after(p, 0.6, c[0], 20);
            AgeingPack tenths = after(p, 0.6, c[0], 20);
            // What the score saw last: the end of the step before, at the current before.
            double start = whole.cell(1).terminalVoltage(whole.currentA());
            whole.step(1.0, c[1]);
            double end = whole.cell(1).terminalVoltage(whole.currentA());
            double highest = Double.NEGATIVE_INFINITY;
            double lowest = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 10; k++) {
                tenths.step(0.1, c[1]);
                double v = tenths.cell(1).terminalVoltage(tenths.currentA());
                highest = Math.max(highest, v);
                lowest = Math.min(lowest, v);
            }
            String at = "%+.1f A after %+.1f A".formatted(c[1], c[0]);
            if (c[1] > 0) {
                assertThat(highest).as(at).isLessThanOrEqualTo(Math.max(start, end) + 1e-6);
            } else {
                assertThat(lowest).as(at).isGreaterThanOrEqualTo(Math.min(start, end) - 1e-6);
            }
            assertThat(end).as(at).isCloseTo(tenths.cell(1).terminalVoltage(c[1]), within(1e-4));
        }
    }
}
