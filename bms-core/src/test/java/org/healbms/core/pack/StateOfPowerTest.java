package org.healbms.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.SyntheticCells;
import org.healbms.core.protection.CellLimits;
import org.junit.jupiter.api.Test;

class StateOfPowerTest {

    private static final CellParameters MODEL = SyntheticCells.nca(0.005);
    /** The synthetic cell with a 3.0 V floor, so the model limit bites near empty. */
    private static final CellLimits LIMITS = new CellLimits(3.0, 4.2, 0, 45, -20, 60, 1.45, 10.0);

    private static CurrentLimits settle(StateOfPower sop, double[] soc, double[] t, PackState state) {
        CurrentLimits l = null;
        for (int k = 0; k < 200; k++) {
            l = sop.update(soc, t, state, 0.1);
        }
        return l;
    }

    @Test
    void aHealthyPackAtMidChargeGetsTheDatasheetLimits() {
        CurrentLimits l = settle(
                new StateOfPower(LIMITS, MODEL), new double[] {0.5, 0.55}, new double[] {25, 26}, PackState.NORMAL);
        assertThat(l.chargeA()).isEqualTo(1.45);
        assertThat(l.dischargeA()).isEqualTo(10.0);
    }

    /** The model limit is the current the cell can carry for the horizon without crossing its floor. */
    @Test
    void nearEmptyTheDischargeLimitKeepsTheWeakestCellAboveItsFloor() {
        double soc = 0.02;
        CurrentLimits l = settle(
                new StateOfPower(LIMITS, MODEL), new double[] {0.5, soc}, new double[] {25, 25}, PackState.NORMAL);
        assertThat(l.dischargeA()).isBetween(0.5, 9.0);
        assertThat(lowestVoltage(soc, -l.dischargeA())).isGreaterThanOrEqualTo(3.0 - 1e-6);
        assertThat(lowestVoltage(soc, -1.2 * l.dischargeA())).isLessThan(3.0);
    }

    /** Terminal voltage after the horizon at constant current, from rest with hysteresis against us. */
    private static double lowestVoltage(double soc, double current) {
        EquivalentCircuitCell cell = new EquivalentCircuitCell(MODEL, soc);
        cell.reset(soc, -MODEL.hysteresisV());
        // SoC hardly moves in 10 s; hold it so the check isolates the resistive drop the limit is about.
        double v = Double.NaN;
        for (int k = 0; k < 100; k++) {
            cell.step(0.1, current, 25);
            v = cell.terminalVoltage(current, 25);
        }
        return v + (MODEL.ocvV().valueExtrapolated(soc, 25) - MODEL.ocvV().valueExtrapolated(cell.soc(), 25));
    }

    @Test
    void temperatureDeratesOverARampAndStopsChargeBelowZero() {
        assertThat(settle(new StateOfPower(LIMITS, MODEL), new double[] {0.5}, new double[] {-1}, PackState.NORMAL)
                        .chargeA())
                .isZero();
        assertThat(settle(new StateOfPower(LIMITS, MODEL), new double[] {0.5}, new double[] {2.5}, PackState.NORMAL)
                        .chargeA())
                .isCloseTo(0.725, within(1e-9));
        CurrentLimits hot =
                settle(new StateOfPower(LIMITS, MODEL), new double[] {0.5}, new double[] {58}, PackState.NORMAL);
        assertThat(hot.dischargeA()).isCloseTo(4.0, within(1e-9));
        assertThat(hot.chargeA()).isZero(); // above 45 degC no charge
    }

    /** A core hotter than its can lowers the limits; a core warmer than a cold can never raises them. */
    @Test
    void theVirtualCoreTemperatureCanOnlyLowerTheLimits() {
        double[] soc = {0.5};
        CurrentLimits can = settle(new StateOfPower(LIMITS, MODEL), soc, new double[] {55}, PackState.NORMAL);
        CurrentLimits hotCore = settleWithCore(soc, new double[] {55}, new double[] {58});
        assertThat(can.dischargeA()).isEqualTo(10.0);
        assertThat(hotCore.dischargeA()).isCloseTo(4.0, within(1e-9));
        CurrentLimits coldCan = settle(new StateOfPower(LIMITS, MODEL), soc, new double[] {2.5}, PackState.NORMAL);
        CurrentLimits warmerCore = settleWithCore(soc, new double[] {2.5}, new double[] {10});
        assertThat(warmerCore.chargeA()).isEqualTo(coldCan.chargeA()).isCloseTo(0.725, within(1e-9));
        assertThat(settleWithCore(soc, new double[] {25}, new double[] {Double.NaN}))
                .isEqualTo(settle(new StateOfPower(LIMITS, MODEL), soc, new double[] {25}, PackState.NORMAL));
    }

    private static CurrentLimits settleWithCore(double[] soc, double[] t, double[] core) {
        StateOfPower sop = new StateOfPower(LIMITS, MODEL);
        CurrentLimits l = null;
        for (int k = 0; k < 200; k++) {
            l = sop.update(soc, t, core, PackState.NORMAL, 0.1);
        }
        return l;
    }

    @Test
    void deratedHalvesAFaultStopsAtOnceAndLimitsComeBackSlowly() {
        StateOfPower sop = new StateOfPower(LIMITS, MODEL);
        double[] soc = {0.5};
        double[] t = {25};
        assertThat(settle(sop, soc, t, PackState.DERATED).dischargeA()).isEqualTo(5.0);
        assertThat(sop.update(soc, t, PackState.FAULT, 0.1)).isEqualTo(CurrentLimits.NONE);
        CurrentLimits first = sop.update(soc, t, PackState.NORMAL, 0.1);
        assertThat(first.dischargeA()).isCloseTo(0.1, within(1e-9)); // 10 % of 10 A per second
        assertThat(settle(sop, soc, t, PackState.NORMAL).dischargeA()).isEqualTo(10.0);
    }

    @Test
    void aCellWithoutATemperatureAllowsNothing() {
        CurrentLimits l = settle(
                new StateOfPower(LIMITS, MODEL),
                new double[] {0.5, 0.5},
                new double[] {25, Double.NaN},
                PackState.NORMAL);
        assertThat(l).isEqualTo(CurrentLimits.NONE);
    }
}
