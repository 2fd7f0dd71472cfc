package org.healbms.cli.lifetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.healbms.core.cell.CellParameters;
import org.healbms.sim.plant.AgeingCell;
import org.healbms.sim.plant.AgeingPack;
import org.healbms.sim.plant.AmbientProfile;
import org.healbms.sim.plant.CellVariation;
import org.healbms.sim.plant.EmulatedCharger;
import org.healbms.sim.plant.ageing.AgeingRates;
import org.healbms.sim.plant.ageing.CellAgeing;
import org.healbms.sim.plant.ageing.ContactLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dose's verdict is scored against what the plant healed: a heated cell with fresh contact damage
 * is truly improved, a heated cell without any is a false action whose true verdict is unchanged.
 * The plant is stepped on its own clock (no sleeping).
 */
class DoseTruthTest {

    @TempDir
    Path dir;

    private static AgeingCell cell(CellParameters p, double damage) {
        return new AgeingCell(
                p,
                Lifetime.IN_PACK,
                CellVariation.NOMINAL,
                new CellAgeing(AgeingRates.NOMINAL, ContactLoss.withDamage(1.0, damage)),
                0.5,
                25.0);
    }

    /** Holds both cells' cans near 70 degC for 30 min, then lets them cool for 6 h. */
    private static void dose(AgeingPack pack) {
        List<DoubleConsumer> heaters = List.of(pack.heater(1, 10.0), pack.heater(2, 10.0));
        for (int s = 0; s < 2400; s++) {
            for (int c = 1; c <= 2; c++) {
                heaters.get(c - 1).accept(pack.cell(c).surfaceDegC() < 70.0 ? 1.0 : 0.0);
            }
            pack.step(1.0, 0.0);
        }
        heaters.forEach(h -> h.accept(0.0));
        pack.rest(6 * 3600.0);
    }

    @Test
    void verdictsAreScoredAgainstWhatTheDoseHealed() throws Exception {
        CellParameters p = LifetimeBench.write(dir, 2, 0.5).cell();
        AgeingPack pack = new AgeingPack(
                List.of(cell(p, 0.02), cell(p, 0.0)), new EmulatedCharger(3.0), AmbientProfile.constant(25.0));
        DoseTruth truth = new DoseTruth(pack);
        truth.acted(1, "contact", DoseTruth.THERMAL_ACTIVATION, true, true);
        truth.acted(2, "contact", DoseTruth.THERMAL_ACTIVATION, true, true);
        truth.acted(1, "contact", "alert", true, false); // not a dose
        dose(pack);
        truth.judged(1, "contact", "improved");
        truth.judged(2, "contact", "improved"); // the firmware was fooled on the undamaged cell

        DoseTruth.Tally t = truth.tally();
        assertThat(t.doses()).isEqualTo(2);
        assertThat(t.falseActions()).isEqualTo(1);
        assertThat(t.judged()).isEqualTo(2);
        assertThat(t.agreement()).isCloseTo(0.5, within(1e-12));
        assertThat(t.verdicts()).isEqualTo(Map.of("improved", Map.of("improved", 1, "unchanged", 1)));
    }

    @Test
    void anAbortedDoseHasNoVerdictToScoreButCountsAsGiven() throws Exception {
        CellParameters p = LifetimeBench.write(dir, 2, 0.5).cell();
        AgeingPack pack =
                new AgeingPack(List.of(cell(p, 0.0)), new EmulatedCharger(3.0), AmbientProfile.constant(25.0));
        DoseTruth truth = new DoseTruth(pack);
        truth.acted(1, "contact", DoseTruth.THERMAL_ACTIVATION, true, true);
        truth.judged(1, "contact", "aborted");
        truth.acted(1, "contact", DoseTruth.THERMAL_ACTIVATION, false, false); // not carried out: no dose
        DoseTruth.Tally t = truth.tally();
        assertThat(t.doses()).isEqualTo(1);
        assertThat(t.falseActions()).isEqualTo(1);
        assertThat(t.judged()).isZero();
        assertThat(t.awaitingVerdict()).isZero();
        assertThat(t.agreement()).isNaN();
    }

    @Test
    void aDoseWhoseVerdictHasNotComeIsGivenButAwaitingIt() throws Exception {
        CellParameters p = LifetimeBench.write(dir, 2, 0.5).cell();
        AgeingPack pack = new AgeingPack(
                List.of(cell(p, 0.02), cell(p, 0.02)), new EmulatedCharger(3.0), AmbientProfile.constant(25.0));
        DoseTruth truth = new DoseTruth(pack);
        truth.acted(1, "contact", DoseTruth.THERMAL_ACTIVATION, true, true);
        truth.acted(2, "contact", DoseTruth.THERMAL_ACTIVATION, true, true);
        dose(pack);
        truth.judged(1, "contact", "improved"); // cell 2's drive after its dose has not come
        DoseTruth.Tally t = truth.tally();
        assertThat(t.doses()).isEqualTo(2);
        assertThat(t.judged()).isEqualTo(1);
        assertThat(t.awaitingVerdict()).isEqualTo(1);
    }
}
