package org.healbms.core.identification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.SocTemperatureTable;
import org.healbms.core.cell.SyntheticCells;
import org.junit.jupiter.api.Test;

/** Identification recovers a synthetic cell whose parameters are known. */
class CellIdentificationTest {

    private static final double T = SyntheticCells.T;

    static CellParameters truth() {
        return SyntheticCells.nca(0.005);
    }

    /** Records a test from the true model: current profile in, voltage (with noise) out. */
    private static CellRecording record(
            String name, CellParameters p, double dt, double[] current, double soc0, double h0, Random noise) {
        return record(name, p, dt, current, soc0, h0, noise, T);
    }

    private static CellRecording record(
            String name,
            CellParameters p,
            double dt,
            double[] current,
            double soc0,
            double h0,
            Random noise,
            double temperature) {
        int n = current.length;
        double[] t = new double[n];
        double[] v = new double[n];
        double[] temp = new double[n];
        EquivalentCircuitCell cell = new EquivalentCircuitCell(p, soc0);
        cell.reset(soc0, h0);
        v[0] = cell.terminalVoltage(current[0], temperature);
        temp[0] = temperature;
        for (int k = 1; k < n; k++) {
            t[k] = t[k - 1] + dt;
            cell.step(dt, current[k], temperature);
            v[k] = cell.terminalVoltage(current[k], temperature) + 0.0005 * noise.nextGaussian();
            temp[k] = temperature;
        }
        return new CellRecording(name, t, current, v, temp, CellRecording.coulombCount(t, current), soc0);
    }

    /** C/20 discharge from full to empty, a rest, then a C/20 charge back to full. */
    static CellRecording c20Test(CellParameters p) {
        double dt = 60;
        int leg = (int) (20 * 3600 / dt);
        double[] i = new double[2 * leg + 60];
        for (int k = 1; k <= leg; k++) {
            i[k] = -p.capacityAh() / 20;
        }
        for (int k = leg + 60; k < i.length; k++) {
            i[k] = p.capacityAh() / 20;
        }
        return record("c20", p, dt, i, 1.0, p.hysteresisV(), new Random(1));
    }

    /** Discharge pulses of several sizes at every 10 % of SoC, with rests and 10 % steps between. */
    static CellRecording pulseTest(CellParameters p) {
        return pulseTest(p, T);
    }

    static CellRecording pulseTest(CellParameters p, double temperature) {
        List<Double> i = new ArrayList<>();
        double dt = 0.5;
        i.add(0.0);
        for (int level = 0; level < 9; level++) {
            for (double c : new double[] {0.5, 1, 2, 4}) {
                repeat(i, -c * p.capacityAh(), 10 / dt);
                repeat(i, 0, 120 / dt);
                repeat(i, c * p.capacityAh() / 2, 10 / dt);
                repeat(i, 0, 120 / dt);
            }
            repeat(i, -p.capacityAh(), 360 / dt); // 10 % step at 1C
            repeat(i, 0, 1800 / dt);
        }
        return record(
                "pulses at " + temperature,
                p,
                dt,
                i.stream().mapToDouble(Double::doubleValue).toArray(),
                1.0,
                p.hysteresisV(),
                new Random(2),
                temperature);
    }

    private static void repeat(List<Double> list, double value, double count) {
        for (int k = 0; k < (int) count; k++) {
            list.add(value);
        }
    }

    @Test
    void recoversOcvResistancesAndTimeConstantsOfAKnownCell() throws Exception {
        CellParameters truth = truth();
        IdentifiedCell cell = CellIdentification.identify(
                "synthetic", List.of(c20Test(truth)), List.of(pulseTest(truth)), Double.NaN, 2.5, 4.2);
        CellParameters p = cell.parameters();

        assertThat(p.capacityAh()).isCloseTo(3.0, within(0.01));
        for (double s = 0.2; s <= 0.8; s += 0.1) {
            assertThat(p.ocvV().value(s, T))
                    .as("OCV at SoC %.1f", s)
                    .isCloseTo(truth.ocvV().value(s, T), within(0.006));
            assertThat(p.r0Ohm().value(s, T)).as("R0 at SoC %.1f", s).isCloseTo(0.025, within(0.0025));
        }
        assertThat(cell.dynamic()).hasSize(1);
        DynamicParameters d = cell.dynamic().getFirst().parameters();
        assertThat(d.tau1S()).isBetween(5.0, 13.0);
        assertThat(d.tau2S()).isBetween(100.0, 230.0);
        assertThat(d.r1Ohm() + d.r2Ohm()).isCloseTo(0.032, within(0.004));
        assertThat(d.hysteresisV()).isCloseTo(0.030, within(0.006));
        assertThat(d.rmseV()).isLessThan(0.003);
        assertThat(cell.fits()).hasSize(2);
        assertThat(cell.fits().get(1).rmseV()).isLessThan(0.002);
        assertThat(p.noise().voltageSigmaV()).isGreaterThanOrEqualTo(CellIdentification.MIN_VOLTAGE_SIGMA_V);
    }

    @Test
    void recoversResistancesThatDependOnTemperatureAndCarriesThemByArrheniusBetweenAndBeyond() throws Exception {
        CellParameters base = truth();
        // R0 and R1 triple from 25 degC to 0 degC, as in a real cell (about 35 kJ/mol), and follow the
        // Arrhenius law in between and beyond.
        SocTemperatureTable.TemperatureLaw arrhenius = SocTemperatureTable.TemperatureLaw.ARRHENIUS;
        CellParameters cold = new CellParameters(
                base.name(),
                new CellParameters.Charge(base.capacityAh(), base.coulombicEfficiency()),
                new CellParameters.VoltageWindow(2.5, 4.2),
                base.ocvV(),
                new CellParameters.Impedance(
                        new SocTemperatureTable(
                                new double[] {0, 1},
                                new double[] {0, 25},
                                new double[][] {{0.075, 0.075}, {0.025, 0.025}},
                                arrhenius),
                        new CellParameters.RcPair(
                                new SocTemperatureTable(
                                        new double[] {0, 1},
                                        new double[] {0, 25},
                                        new double[][] {{0.036, 0.036}, {0.012, 0.012}},
                                        arrhenius),
                                base.tau1S()),
                        new CellParameters.RcPair(base.r2Ohm(), base.tau2S())),
                new CellParameters.Hysteresis(base.hysteresisV(), base.hysteresisRate()),
                base.noise());
        IdentifiedCell cell = CellIdentification.identify(
                "two temperatures",
                List.of(c20Test(cold)),
                List.of(pulseTest(cold, 0.0), pulseTest(cold, 25.0)),
                Double.NaN,
                2.5,
                4.2);
        assertThat(cell.dynamic()).extracting(TemperatureFit::temperatureDegC).containsExactly(0.0, 25.0);
        CellParameters p = cell.parameters();
        assertThat(p.r0Ohm().value(0.5, 0.0)).isCloseTo(0.075, within(0.006));
        assertThat(p.r0Ohm().value(0.5, 25.0)).isCloseTo(0.025, within(0.0025));
        // Between the rows: the exponential law (0.042 Ohm at 12.5 degC), not the straight line (0.050).
        assertThat(cold.r0Ohm().value(0.5, 12.5)).isCloseTo(0.0423, within(0.0005));
        assertThat(p.r0Ohm().value(0.5, 12.5)).isCloseTo(0.0423, within(0.004));
        // Beyond them: the cell keeps getting more resistive as it cools, as the law says.
        assertThat(p.r0Ohm().value(0.5, -10.0))
                .isGreaterThan(p.r0Ohm().value(0.5, 0.0) * 1.2)
                .isCloseTo(cold.r0Ohm().value(0.5, -10.0), within(0.015));
        assertThat(p.r1Ohm().value(0.5, 0.0) + p.r2Ohm().value(0.5, 0.0)).isCloseTo(0.056, within(0.008));
        for (double s = 0.2; s <= 0.8; s += 0.2) {
            assertThat(p.ocvV().value(s, 0.0))
                    .as("OCV at 0 degC, SoC %.1f", s)
                    .isCloseTo(base.ocvV().value(s, T), within(0.008));
        }
        // A test at a temperature no fit saw is reproduced as well as the fitted ones.
        TestFit between = ModelFit.score(pulseTest(cold, 12.5), p);
        assertThat(between.rmseV()).isLessThan(0.004);
    }

    /**
     * The HPPC files log the pulse sets but not the 10 % discharge steps between them: the time column
     * jumps and only the tester's charge counter shows the step. Identification must still find the
     * cell.
     */
    @Test
    void identifiesThroughUnloggedStepsThatOnlyTheChargeCounterSaw() throws Exception {
        CellParameters truth = truth();
        CellRecording full = pulseTest(truth);
        // Drop every 1C step (and the first 20 min of the rest after it) from the log, keeping the counter.
        List<Integer> kept = new ArrayList<>();
        double[] i = full.currentA();
        int skipUntil = -1;
        for (int k = 0; k < full.size(); k++) {
            boolean step = Math.abs(i[k] + truth.capacityAh()) < 1e-9
                    && k > 0
                    && Math.abs(i[k - 1] + truth.capacityAh()) < 1e-9;
            if (step) {
                skipUntil = k + (int) (1200 / 0.5);
            }
            if (!step && k > skipUntil) {
                kept.add(k);
            }
        }
        int n = kept.size();
        double[] t = new double[n];
        double[] cur = new double[n];
        double[] v = new double[n];
        double[] temp = new double[n];
        double[] q = new double[n];
        for (int j = 0; j < n; j++) {
            int k = kept.get(j);
            t[j] = full.timeS()[k];
            cur[j] = i[k];
            v[j] = full.voltageV()[k];
            temp[j] = full.temperatureDegC()[k];
            q[j] = full.chargeAh()[k];
        }
        CellRecording gappy = new CellRecording("gappy pulses", t, cur, v, temp, q, 1.0);
        assertThat(gappy.unloggedChargeAh(1, truth.capacityAh())).isZero();
        long gaps = IntStream.range(1, n)
                .filter(k -> gappy.unloggedChargeAh(k, truth.capacityAh()) < 0)
                .count();
        assertThat(gaps).isEqualTo(9);

        IdentifiedCell cell =
                CellIdentification.identify("synthetic", List.of(c20Test(truth)), List.of(gappy), Double.NaN, 2.5, 4.2);
        CellParameters p = cell.parameters();
        for (double s = 0.2; s <= 0.8; s += 0.1) {
            assertThat(p.r0Ohm().value(s, T)).as("R0 at SoC %.1f", s).isCloseTo(0.025, within(0.0025));
            assertThat(p.ocvV().value(s, T))
                    .as("OCV at SoC %.1f", s)
                    .isCloseTo(truth.ocvV().value(s, T), within(0.008));
        }
        assertThat(cell.fits().getLast().rmseV()).isLessThan(0.004);
    }

    /**
     * A logger that drops current readings now and then leaves empty cells (NaN): they are samples
     * not logged, and must not poison the statistics (a NaN in the running max made a pulse test
     * report "0 current steps") nor break the rests the start SoC is read from.
     */
    @Test
    void identifiesADynamicTestWithEmptyCurrentCells() throws Exception {
        CellParameters truth = truth();
        CellRecording full = pulseTest(truth);
        double[] current = full.currentA().clone();
        for (int k = 500; k < current.length; k += 1000) { // one every 500 s: in pulses, steps and every rest
            current[k] = Double.NaN;
        }
        // As the trace loader counts charge without a tester's counter: an empty cell adds none.
        double[] finite =
                Arrays.stream(current).map(i -> Double.isFinite(i) ? i : 0.0).toArray();
        CellRecording gappy = new CellRecording(
                "pulses with empty cells",
                full.timeS(),
                current,
                full.voltageV(),
                full.temperatureDegC(),
                CellRecording.coulombCount(full.timeS(), finite),
                full.startSoc());
        // Starts in the first pulse with no start SoC: it is read off the first rest of 600 s.
        CellRecording unknownStart =
                gappy.slice(5, gappy.size() - 1, truth.capacityAh()).withStartSoc(Double.NaN);

        IdentifiedCell cell = CellIdentification.identify(
                "synthetic", List.of(c20Test(truth)), List.of(unknownStart), Double.NaN, 2.5, 4.2);
        for (double s = 0.2; s <= 0.8; s += 0.1) {
            assertThat(cell.parameters().r0Ohm().value(s, T))
                    .as("R0 at SoC %.1f", s)
                    .isCloseTo(0.025, within(0.0025));
        }
        assertThat(cell.fits().getLast().rmseV()).isLessThan(0.004);
    }

    @Test
    void infersAnUnknownStartSocFromTheFirstSettledRest() throws Exception {
        CellParameters truth = truth();
        CellRecording pulses = pulseTest(truth);
        // Starts in the middle of the first pulse, with no start SoC given (as the LG HPPC file does).
        CellRecording unknownStart =
                pulses.slice(5, pulses.size() - 1, truth.capacityAh()).withStartSoc(Double.NaN);
        IdentifiedCell cell = CellIdentification.identify(
                "synthetic", List.of(c20Test(truth)), List.of(unknownStart), Double.NaN, 2.5, 4.2);
        assertThat(cell.parameters().r0Ohm().value(0.5, T)).isCloseTo(0.025, within(0.0025));
        assertThat(cell.fits().getLast().rmseV()).isLessThan(0.004);
    }

    @Test
    void refusesAnOcvTestRunAtTooHighARate() {
        CellParameters truth = truth();
        double[] i = new double[400];
        Arrays.fill(i, 1, 400, -truth.capacityAh() / 2); // C/2
        CellRecording fast = record("fast", truth, 10, i, 1.0, 0, new Random(3));
        assertThatThrownBy(() -> OcvIdentification.identify(fast, Double.NaN))
                .isInstanceOf(IdentificationException.class)
                .hasMessageContaining("fast")
                .hasMessageContaining("low-rate");
    }

    @Test
    void refusesADynamicTestWithoutCurrentSteps() {
        CellParameters truth = truth();
        double[] i = new double[2000];
        Arrays.fill(i, 1, 2000, -truth.capacityAh()); // one constant-current discharge
        CellRecording constant = record("cc", truth, 1, i, 1.0, 0, new Random(4));
        assertThatThrownBy(() -> CellIdentification.identify(
                        "x", List.of(c20Test(truth)), List.of(constant), Double.NaN, 2.5, 4.2))
                .isInstanceOf(IdentificationException.class)
                .hasMessageContaining("cc")
                .hasMessageContaining("current steps");
    }

    @Test
    void refusesADynamicTestWithoutRests() {
        CellParameters truth = truth();
        double[] i = new double[3000];
        for (int k = 1; k < i.length; k++) {
            i[k] = -truth.capacityAh() * (k / 20 % 2 == 0 ? 0.5 : 2.0); // steps, but never at rest
        }
        CellRecording busy = record("busy", truth, 1, i, 1.0, 0, new Random(6));
        assertThatThrownBy(() -> DynamicFit.fit(List.of(busy), List.of(), truth.ocvV(), 3.0))
                .isInstanceOf(IdentificationException.class)
                .hasMessageContaining("busy")
                .hasMessageContaining("rest");
    }

    @Test
    void refusesATestWithTooFewPoints() {
        CellParameters truth = truth();
        CellRecording tiny = record("tiny", truth, 1, new double[] {0, -1, -1, 0, 0}, 1.0, 0, new Random(5));
        assertThatThrownBy(() -> DynamicFit.fit(List.of(tiny), List.of(), truth.ocvV(), 3.0))
                .isInstanceOf(IdentificationException.class)
                .hasMessageContaining("tiny")
                .hasMessageContaining("samples");
    }

    /** A cell whose OCV is 20 mV lower at -10 degC than at 25 degC and whose resistances quadruple. */
    static CellParameters coldCell() {
        CellParameters base = truth();
        double[] soc = base.ocvV().soc();
        double[] warm = base.ocvV().values()[0];
        double[] cold = new double[warm.length];
        for (int s = 0; s < warm.length; s++) {
            cold[s] = warm[s] - 0.020;
        }
        double[] temps = {-10, 25};
        return new CellParameters(
                base.name(),
                new CellParameters.Charge(base.capacityAh(), base.coulombicEfficiency()),
                new CellParameters.VoltageWindow(2.5, 4.2),
                new SocTemperatureTable(soc, temps, new double[][] {cold, warm}),
                new CellParameters.Impedance(
                        new SocTemperatureTable(
                                new double[] {0, 1}, temps, new double[][] {{0.1, 0.1}, {0.025, 0.025}}),
                        new CellParameters.RcPair(
                                new SocTemperatureTable(
                                        new double[] {0, 1}, temps, new double[][] {{0.048, 0.048}, {0.012, 0.012}}),
                                base.tau1S()),
                        new CellParameters.RcPair(base.r2Ohm(), base.tau2S())),
                new CellParameters.Hysteresis(base.hysteresisV(), base.hysteresisRate()),
                base.noise());
    }

    /**
     * C/20 discharge from full until the voltage falls to {@code cutoffV}, a rest, then a C/20 charge
     * until 4.2 V: what a cold OCV test looks like, which stops long before the warm test's SoC 0.
     */
    static CellRecording c20UntilLimit(CellParameters p, double temperature, double cutoffV) {
        double dt = 60;
        EquivalentCircuitCell cell = new EquivalentCircuitCell(p, 1.0);
        cell.reset(1.0, p.hysteresisV());
        List<double[]> rows = new ArrayList<>();
        Random noise = new Random(7);
        double t = 0;
        double current = -p.capacityAh() / 20;
        int rest = 0;
        rows.add(new double[] {0, 0, cell.terminalVoltage(0, temperature)});
        while (rows.size() < 5000) {
            cell.step(dt, current, temperature);
            t += dt;
            double v = cell.terminalVoltage(current, temperature) + 0.0005 * noise.nextGaussian();
            rows.add(new double[] {t, current, v});
            if (current < 0 && v <= cutoffV) {
                current = 0;
            } else if (current == 0 && ++rest == 60) {
                current = p.capacityAh() / 20;
            } else if (current > 0 && v >= 4.2) {
                break;
            }
        }
        int n = rows.size();
        double[] time = new double[n];
        double[] i = new double[n];
        double[] v = new double[n];
        double[] temp = new double[n];
        for (int k = 0; k < n; k++) {
            time[k] = rows.get(k)[0];
            // The sample carries the current of the interval that ends at it, as CellRecording counts it.
            i[k] = k == 0 ? 0 : rows.get(k)[1];
            v[k] = rows.get(k)[2];
            temp[k] = temperature;
        }
        return new CellRecording("c20 at " + temperature, time, i, v, temp, CellRecording.coulombCount(time, i), 1.0);
    }

    @Test
    void acceptsAColdOcvTestThatEndsAtTheVoltageLimitAndContinuesItFromTheWarmCurve() throws Exception {
        CellParameters truth = coldCell();
        CellRecording cold = c20UntilLimit(truth, -10, 3.45);
        CellRecording warm = c20Test(truth);
        OcvCurve coldCurve = OcvIdentification.identify(cold, 3.0);
        double endSoc = coldCurve.soc()[coldCurve.firstCovered()];
        assertThat(endSoc).as("the cold test stops early").isBetween(0.1, 0.3);
        assertThat(coldCurve.complete()).isFalse();

        // Cold test first: the SoC axis is still the warm test's.
        IdentifiedCell cell = CellIdentification.identify(
                "cold and warm",
                List.of(cold, warm),
                List.of(pulseTest(truth, -10), pulseTest(truth, 25)),
                Double.NaN,
                2.5,
                4.2);
        CellParameters p = cell.parameters();
        assertThat(p.capacityAh()).isCloseTo(3.0, within(0.01));
        assertThat(cell.notes())
                .anySatisfy(n -> assertThat(n).contains("-10.0 degC").contains("shifted by"));
        for (double s : new double[] {0.05, 0.1, 0.3, 0.5, 0.7, 0.9}) {
            // Below the cold test's end the OCV comes from the warm curve, shifted by the entropic difference.
            assertThat(p.ocvV().value(s, -10))
                    .as("OCV at -10 degC, SoC %.2f", s)
                    .isCloseTo(truth.ocvV().value(s, -10), within(0.010));
            assertThat(p.ocvV().value(s, 25))
                    .as("OCV at 25 degC, SoC %.2f", s)
                    .isCloseTo(truth.ocvV().value(s, 25), within(0.008));
        }
        assertThat(p.r0Ohm().value(0.5, -10)).isCloseTo(0.1, within(0.01));
        assertThat(p.r0Ohm().value(0.5, 25)).isCloseTo(0.025, within(0.0025));
    }

    @Test
    void refusesAnOcvTestThatCoversTooLittleOfTheAxisAndNamesIt() {
        CellParameters truth = coldCell();
        CellRecording barelyStarted = c20UntilLimit(truth, -10, 4.05);
        assertThatThrownBy(() -> OcvIdentification.identify(barelyStarted, 3.0))
                .isInstanceOf(IdentificationException.class)
                .hasMessageContaining("c20 at -10")
                .hasMessageContaining("covers only");
    }

    /**
     * A cell with a slow (25 min) RC pair, resistances that follow the Arrhenius law and an OCV 20 mV
     * lower at 0 degC: the slow polarisation a cold drive cycle builds up.
     */
    static CellParameters slowCell() {
        CellParameters base = truth();
        double[] soc = base.ocvV().soc();
        double[] warm = base.ocvV().values()[0];
        double[] cold = new double[warm.length];
        for (int s = 0; s < warm.length; s++) {
            cold[s] = warm[s] - 0.020;
        }
        double[] temps = {0, 25};
        SocTemperatureTable.TemperatureLaw arrhenius = SocTemperatureTable.TemperatureLaw.ARRHENIUS;
        double[] ends = {0, 1};
        return new CellParameters(
                "slow",
                new CellParameters.Charge(base.capacityAh(), base.coulombicEfficiency()),
                new CellParameters.VoltageWindow(2.5, 4.2),
                new SocTemperatureTable(soc, temps, new double[][] {cold, warm}),
                new CellParameters.Impedance(
                        new SocTemperatureTable(ends, temps, new double[][] {{0.06, 0.06}, {0.025, 0.025}}, arrhenius),
                        new CellParameters.RcPair(
                                new SocTemperatureTable(
                                        ends, temps, new double[][] {{0.03, 0.03}, {0.012, 0.012}}, arrhenius),
                                new SocTemperatureTable(ends, temps, new double[][] {{15, 15}, {8, 8}}, arrhenius)),
                        new CellParameters.RcPair(
                                new SocTemperatureTable(
                                        ends, temps, new double[][] {{0.06, 0.06}, {0.025, 0.025}}, arrhenius),
                                new SocTemperatureTable(
                                        ends, temps, new double[][] {{1500, 1500}, {1500, 1500}}, arrhenius))),
                new CellParameters.Hysteresis(base.hysteresisV(), base.hysteresisRate()),
                base.noise());
    }

    /** 90 min of a drive-like load from full (stopped at 3.0 V), then an hour at rest, at 1 Hz. */
    static CellRecording driveCycle(CellParameters p, double temperature, long seed) {
        double[] drive = SyntheticCells.driveCurrent(5400, p.capacityAh(), seed);
        double[] i = new double[drive.length + 3600];
        System.arraycopy(drive, 0, i, 0, drive.length);
        i[0] = 0;
        CellRecording full =
                record("drive at " + temperature, p, 1.0, i, 1.0, p.hysteresisV(), new Random(seed), temperature);
        for (int k = 0; k < full.size(); k++) {
            if (full.voltageV()[k] < 3.0) {
                // The tester stops the load at the voltage limit; the rest that follows is still logged.
                double[] cut = i.clone();
                Arrays.fill(cut, k, drive.length, 0.0);
                return record(
                        "drive at " + temperature, p, 1.0, cut, 1.0, p.hysteresisV(), new Random(seed), temperature);
            }
        }
        return full;
    }

    @Test
    void recoversASlowRcPairAndATemperatureDependentOcvFromC20AndDriveCycles() throws Exception {
        CellParameters truth = slowCell();
        CellRecording coldOcv = c20UntilLimit(truth, 0, 3.45);
        assertThat(OcvIdentification.identify(coldOcv, 3.0).complete())
                .as("the cold C/20 test ends early")
                .isFalse();
        IdentifiedCell cell = CellIdentification.identify(
                "slow",
                List.of(c20Test(truth), coldOcv),
                List.of(driveCycle(truth, 0, 11), driveCycle(truth, 25, 12)),
                Double.NaN,
                2.5,
                4.2);
        CellParameters p = cell.parameters();
        assertThat(cell.dynamic()).hasSize(2);
        for (TemperatureFit t : cell.dynamic()) {
            DynamicParameters d = t.parameters();
            double temperature = t.temperatureDegC();
            assertThat(d.tau2S())
                    .as("slow time constant at %.0f degC", temperature)
                    .isBetween(900.0, 2500.0);
            assertThat(d.r2Ohm())
                    .as("slow resistance at %.0f degC", temperature)
                    .isCloseTo(
                            truth.r2Ohm().value(0.5, temperature),
                            within(0.3 * truth.r2Ohm().value(0.5, temperature)));
            assertThat(p.r0Ohm().value(0.5, temperature))
                    .as("R0 at %.0f degC", temperature)
                    .isCloseTo(
                            truth.r0Ohm().value(0.5, temperature),
                            within(0.1 * truth.r0Ohm().value(0.5, temperature)));
            for (double s = 0.2; s <= 0.8; s += 0.2) {
                assertThat(p.ocvV().value(s, temperature))
                        .as("OCV at %.0f degC, SoC %.1f", temperature, s)
                        .isCloseTo(truth.ocvV().value(s, temperature), within(0.010));
            }
        }
        // Between the two: the Arrhenius law the truth follows.
        assertThat(p.r0Ohm().value(0.5, 12.5)).isCloseTo(truth.r0Ohm().value(0.5, 12.5), within(0.004));
        for (TestFit f : cell.fits().subList(2, 4)) {
            assertThat(f.rmseV()).as(f.name()).isLessThan(0.004);
        }
    }
}
