package org.healbms.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Storage and leaps: a year on the shelf loses what the calendar-ageing sources measured, and a rest
 * leapt over in one call ages the cell as the same rest in one-second steps does.
 */
class CalendarAgeingTest {

    private static final double DAY_S = 86_400.0;

    private static double capacityAfterStorage(double soc, double degC, int days) {
        AgeingCell cell = PlantCells.nominal(soc, degC);
        for (int d = 0; d < 2 * days; d++) {
            cell.rest(DAY_S / 2, degC);
        }
        return cell.ageing().capacityFraction();
    }

    @Test
    void aYearOnTheShelfAt25DegCHalfChargedLosesWhatTheSourcesMeasured() {
        double retention = capacityAfterStorage(0.5, 25.0, 365);
        // Naumann et al. 2018: 1.2571e-5·0.60225·√(365 d in s) = 4.2 %; Schimpe et al. 2018 about 4 %.
        assertThat(1 - retention).isBetween(0.035, 0.050);
    }

    @Test
    void warmerAndFullerCellsAgeFasterOnTheShelf() {
        double base = 1 - capacityAfterStorage(0.5, 25.0, 90);
        assertThat(1 - capacityAfterStorage(0.5, 45.0, 90)).isGreaterThan(1.5 * base);
        assertThat(1 - capacityAfterStorage(0.95, 25.0, 90)).isGreaterThan(1.1 * base);
        assertThat(1 - capacityAfterStorage(0.5, 5.0, 90)).isLessThan(0.8 * base);
    }

    @Test
    void aTwelveHourRestLeaptInOneCallAgesTheCellAsOneSecondStepsDo() {
        // A cell warmed by a charge (35 degC) rests at 20 degC: it cools over the first hour or two.
        AgeingCell leapt = PlantCells.nominal(0.9, 35.0);
        AgeingCell stepped = PlantCells.nominal(0.9, 35.0);
        leapt.rest(43_200.0, 20.0);
        for (int s = 0; s < 43_200; s++) {
            stepped.step(1.0, 0.0, 20.0, 0.0);
        }
        double leapLoss = leapt.ageing().calendar().capacityLoss();
        double stepLoss = stepped.ageing().calendar().capacityLoss();
        assertThat(leapLoss).isGreaterThan(0);
        assertThat(leapLoss).isCloseTo(stepLoss, within(0.002 * stepLoss));
        assertThat(leapt.coreDegC()).isCloseTo(stepped.coreDegC(), within(0.01));
        assertThat(leapt.terminalVoltage(0)).isCloseTo(stepped.terminalVoltage(0), within(1e-4));
        assertThat(leapt.ageing().contact().setDamage())
                .isEqualTo(stepped.ageing().contact().setDamage());
    }

    @Test
    void aLeapAfterACharge_relaxesTheCellAsStepsDo() {
        AgeingCell leapt = PlantCells.nominal(0.5, 25.0);
        AgeingCell stepped = PlantCells.nominal(0.5, 25.0);
        for (int s = 0; s < 600; s++) {
            leapt.step(1.0, 3.0, 25.0, 0.0);
            stepped.step(1.0, 3.0, 25.0, 0.0);
        }
        leapt.rest(7200.0, 25.0);
        for (int s = 0; s < 7200; s++) {
            stepped.step(1.0, 0.0, 25.0, 0.0);
        }
        assertThat(leapt.terminalVoltage(0)).isCloseTo(stepped.terminalVoltage(0), within(1e-4));
        double stepLoss = stepped.ageing().calendar().capacityLoss();
        assertThat(leapt.ageing().calendar().capacityLoss()).isCloseTo(stepLoss, within(1e-3 * stepLoss));
    }
}
