package org.healbms.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.SyntheticCells;
import org.healbms.core.protection.CellLimits;
import org.junit.jupiter.api.Test;

class StateOfPowerTest {

    private static final CellParameters MODEL = SyntheticCells.nca(0.005);
    /** The synthetic cell with a 3.0 V floor, so the model limit bites near empty. */
    private static final CellLimits LIMITS = new CellLimits(3.0, 4.2, 0, 45, -20, 60, 1.45, 10.0);

    /** One step of 0.1 s and the limits after it. */
    private static CurrentLimits step(
            StateOfPower sop, double[] soc, double[] t, double[] core, MeasuredCells measured, PackState state) {
        sop.step(soc, t, core, measured, state, 0.1);
        return sop.limits();
    }

    private static CurrentLimits settle(StateOfPower sop, double[] soc, double[] t, PackState state) {
        CurrentLimits l = null;
        for (int k = 0; k < 200; k++) {
            l = step(sop, soc, t, null, MeasuredCells.NONE, state);
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
            l = step(sop, soc, t, core, MeasuredCells.NONE, PackState.NORMAL);
        }
        return l;
    }

    @Test
    void deratedHalvesAFaultStopsAtOnceAndLimitsComeBackSlowly() {
        StateOfPower sop = new StateOfPower(LIMITS, MODEL);
        double[] soc = {0.5};
        double[] t = {25};
        assertThat(settle(sop, soc, t, PackState.DERATED).dischargeA()).isEqualTo(5.0);
        assertThat(step(sop, soc, t, null, MeasuredCells.NONE, PackState.FAULT)).isEqualTo(CurrentLimits.NONE);
        CurrentLimits first = step(sop, soc, t, null, MeasuredCells.NONE, PackState.NORMAL);
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

    /**
     * A plant cell whose resistance is 1.2 x the file's (as the estimator has learned) and that holds more
     * charge than the estimate (SoC 0.5 believed): the model limit alone would let the full 1.45 A flow.
     */
    private static final double SCALE = 1.2;

    private static final CellParameters PLANT = scaledResistance(MODEL, SCALE);

    private static CellParameters scaledResistance(CellParameters p, double k) {
        CellParameters.Impedance z = p.impedance();
        return new CellParameters(
                p.name(),
                p.charge(),
                p.window(),
                p.ocvV(),
                new CellParameters.Impedance(
                        scaled(z.r0Ohm(), k),
                        new CellParameters.RcPair(
                                scaled(z.fast().rOhm(), k), z.fast().tauS()),
                        new CellParameters.RcPair(
                                scaled(z.slow().rOhm(), k), z.slow().tauS())),
                p.hysteresis(),
                p.noise());
    }

    private static SocTemperatureTable scaled(SocTemperatureTable t, double k) {
        double[][] v = t.values();
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= k;
            }
        }
        return new SocTemperatureTable(t.soc(), t.temperatureDegC(), out, t.law());
    }

    private static CurrentLimits settleMeasured(double cellVoltageV) {
        StateOfPower sop = new StateOfPower(LIMITS, MODEL);
        MeasuredCells measured = new MeasuredCells(new double[] {cellVoltageV}, new double[] {SCALE});
        CurrentLimits l = null;
        for (int k = 0; k < 200; k++) {
            l = step(sop, new double[] {0.5}, new double[] {25}, null, measured, PackState.NORMAL);
        }
        return l;
    }

    /**
     * At 4.195 V the limit raises the cell by no more than the 3 mV to its maximum less the measurement
     * margin over the horizon; at that (4.198 V) and above: 0.
     */
    @Test
    void theChargeLimitTapersOnTheMeasuredHighestCellToZeroAtItsMaximum() {
        // At rest with the hysteresis at its charge extreme, so the charge does not move it.
        double m = PLANT.hysteresisV();
        double soc = socAtOcv(4.195 - m);
        double rest = PLANT.ocvV().valueExtrapolated(soc, 25) + m;
        CurrentLimits near = settleMeasured(rest);
        assertThat(near.chargeA()).isBetween(0.01, 1.0);
        EquivalentCircuitCell cell = new EquivalentCircuitCell(PLANT, soc);
        cell.reset(soc, m);
        double v = Double.NaN;
        for (int k = 0; k < 100; k++) {
            cell.step(0.1, near.chargeA(), 25);
            v = cell.terminalVoltage(near.chargeA(), 25);
        }
        // The resistive rise over the horizon, the OCV's own rise (the charge put in) set aside as above.
        double resistive = v - (PLANT.ocvV().valueExtrapolated(cell.soc(), 25) + m - rest);
        double aim = 4.2 - StateOfPower.MEASUREMENT_MARGIN_V;
        assertThat(resistive).isLessThanOrEqualTo(aim + 1e-9).isGreaterThan(aim - 0.001);
        assertThat(settleMeasured(aim).chargeA()).isZero();
        assertThat(settleMeasured(4.2).chargeA()).isZero();
        assertThat(settleMeasured(4.21).chargeA()).isZero();
        assertThat(settleMeasured(2.5).dischargeA()).isZero();
        assertThat(settleMeasured(3.7).chargeA()).isEqualTo(1.45); // far from the limit the taper does not bind
    }

    /** The SoC (beyond the table's end, extrapolated) at which the cell rests at {@code v}. */
    private static double socAtOcv(double v) {
        double lo = 0.5;
        double hi = 1.2;
        for (int k = 0; k < 60; k++) {
            double mid = (lo + hi) / 2;
            if (PLANT.ocvV().valueExtrapolated(mid, 25) < v) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * A charge on the virtual clock: the charger gives what the limit allows each 0.1 s tick; the cell
     * starts at rest at SoC 0.95 and is nearly full two hours later. With the measured taper it never
     * passes 4.2 V and still charges; on the model alone (the believed SoC) it would go over.
     */
    @Test
    void aChargeFollowingTheLimitNeverTakesTheFullestCellOverItsMaximum() {
        assertThat(chargeFor(new double[] {Double.NaN}).maxV()).isGreaterThan(4.2);
        Charge tapered = chargeFor(null);
        assertThat(tapered.maxV()).isLessThanOrEqualTo(4.2).isGreaterThan(4.19);
        assertThat(tapered.endSoc()).isGreaterThan(0.99);
    }

    private record Charge(double maxV, double endSoc) {}

    /** Two hours of charge; {@code voltages} null: the cell's measured voltage each tick, else these. */
    private static Charge chargeFor(double[] voltages) {
        StateOfPower sop = new StateOfPower(LIMITS, MODEL);
        EquivalentCircuitCell cell = new EquivalentCircuitCell(PLANT, 0.95);
        double current = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 72_000; k++) {
            double v = cell.terminalVoltage(current, 25);
            max = Math.max(max, v);
            MeasuredCells measured =
                    new MeasuredCells(voltages == null ? new double[] {v} : voltages, new double[] {SCALE});
            current = step(sop, new double[] {0.5}, new double[] {25}, null, measured, PackState.NORMAL)
                    .chargeA();
            cell.step(0.1, current, 25);
        }
        return new Charge(Math.max(max, cell.terminalVoltage(current, 25)), cell.soc());
    }
}
