package org.healbms.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A pack of cells drawn from a seed, used daily behind its charger, on the virtual clock. */
class AgeingPackTest {

    private static final double DAY_S = 86_400.0;

    private static AgeingPack pack(long seed, int cells) {
        return AgeingPack.of(
                PlantCells.ncr18650pf(), PlantCells.IN_PACK, cells, seed, 0.9, AmbientProfile.daily(25, 4, 5));
    }

    /** One day: C/2 discharge to 10 % of the weakest cell, rest, C/2 CC-CV charge, the rest of the day leapt. */
    private static void useOneDay(AgeingPack pack, double stepS) {
        double start = pack.elapsedS();
        double amps = 0.5 * PlantCells.ncr18650pf().capacityAh();
        while (lowestSoc(pack) > 0.1) {
            pack.step(stepS, -amps);
        }
        pack.rest(1800);
        pack.step(stepS, amps);
        while (pack.currentA() > amps / 10) {
            pack.step(stepS, amps);
        }
        pack.rest(start + DAY_S - pack.elapsedS());
    }

    private static double lowestSoc(AgeingPack pack) {
        double low = 1;
        for (int c = 1; c <= pack.cells(); c++) {
            low = Math.min(low, pack.cell(c).soc());
        }
        return low;
    }

    private static double[] capacities(AgeingPack pack) {
        double[] q = new double[pack.cells()];
        for (int c = 1; c <= pack.cells(); c++) {
            q[c - 1] = pack.cell(c).capacityAh();
        }
        return q;
    }

    @Test
    void theSameSeedGivesTheSamePackAndAnotherSeedAnother() {
        AgeingPack a = pack(7, 4);
        AgeingPack b = pack(7, 4);
        AgeingPack c = pack(8, 4);
        for (int d = 0; d < 3; d++) {
            useOneDay(a, 5);
            useOneDay(b, 5);
            useOneDay(c, 5);
        }
        assertThat(capacities(a)).containsExactly(capacities(b));
        assertThat(a.voltage()).isEqualTo(b.voltage());
        assertThat(capacities(a)).isNotEqualTo(capacities(c));
    }

    @Test
    void cellsOfOnePackDiffer() {
        double[] q = capacities(pack(7, 16));
        assertThat(Arrays.stream(q).distinct().count()).isEqualTo(16);
        double mean = Arrays.stream(q).average().orElseThrow();
        assertThat(Arrays.stream(q).max().orElseThrow() - Arrays.stream(q).min().orElseThrow())
                .isBetween(0.003 * mean, 0.05 * mean);
    }

    @Test
    void aYearOfADailyHalfCCycleFadesWithinTheSourcesFiguresAndSpreadsTheCells() {
        AgeingPack pack = pack(11, 4);
        double[] before = capacities(pack);
        for (int d = 0; d < 365; d++) {
            useOneDay(pack, 20);
        }
        double[] after = capacities(pack);
        double spreadBefore = 0;
        double spreadAfter = 0;
        for (int c = 0; c < after.length; c++) {
            double retention = after[c] / before[c];
            // Schimpe et al. 2018's laws for a year of 25 degC storage plus 365 cycles: about 5 % calendar,
            // under 1 % cycle SEI; cracking and active material add 1-2 %.
            assertThat(retention).isBetween(0.88, 0.95);
            spreadBefore = Math.max(spreadBefore, Math.abs(before[c] - before[0]));
            spreadAfter = Math.max(spreadAfter, Math.abs(after[c] / before[c] - after[0] / before[0]));
            assertThat(pack.cell(c + 1).resistanceScale()).isGreaterThan(1.05);
        }
        assertThat(spreadAfter).isGreaterThan(0.001);
        assertThat(pack.elapsedS()).isCloseTo(365 * DAY_S, within(1.0));
    }

    @Test
    void theChargerObeysItsLimitAndEnable() {
        AgeingPack pack = pack(3, 4);
        pack.step(1, -2.0);
        assertThat(pack.currentA()).isEqualTo(-2.0);
        pack.charger().limitChargeCurrent(0.7);
        pack.step(1, 2.0);
        assertThat(pack.currentA()).isEqualTo(0.7);
        pack.charger().enable(false);
        pack.step(1, 2.0);
        assertThat(pack.currentA()).isZero();
        // The load is not the charger's: a discharge flows whatever the charger is told.
        pack.step(1, -1.0);
        assertThat(pack.currentA()).isEqualTo(-1.0);
        assertThatThrownBy(() -> pack.charger().limitChargeCurrent(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPulseProtocolThroughTheChargerReallyPulsesTheCurrent() {
        AgeingPack pack =
                AgeingPack.of(PlantCells.ncr18650pf(), PlantCells.IN_PACK, 4, 5, 0.4, AmbientProfile.constant(20));
        double charge = 0;
        int on = 0;
        for (int s = 0; s < 100; s++) {
            // 5 s pulses of 2 A with 5 s rests, as a pulse protocol commands them.
            boolean pulse = (s / 5) % 2 == 0;
            pack.charger().enable(pulse);
            pack.step(1.0, 2.0);
            charge += pack.currentA();
            if (pack.currentA() > 0) {
                on++;
                assertThat(pack.currentA()).isEqualTo(2.0);
            }
        }
        assertThat(on).isEqualTo(50);
        assertThat(charge).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void theChargerEndsAChargeAtItsTaperAndStartsANewOneAfterARest() {
        AgeingPack pack = pack(3, 4);
        double amps = 0.5 * PlantCells.ncr18650pf().capacityAh();
        pack.step(1, amps);
        while (!pack.charger().terminated()) {
            pack.step(10, amps);
        }
        assertThat(pack.currentA()).isZero();
        double full = pack.voltage();
        assertThat(full).isLessThan(4 * 4.2 + 1e-6);
        pack.step(600, amps);
        assertThat(pack.currentA()).isZero();
        pack.step(1200, -amps);
        pack.rest(1800);
        pack.step(1, amps);
        assertThat(pack.currentA()).isEqualTo(amps);
    }

    @Test
    void aPackWithAHeaterOnCannotBeLeapt() {
        AgeingPack pack = pack(3, 2);
        pack.heater(2, 8.0).accept(0.5);
        assertThatThrownBy(() -> pack.rest(3600)).isInstanceOf(IllegalStateException.class);
    }
}
