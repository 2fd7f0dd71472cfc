package org.healbms.core.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.cell.SyntheticCells;
import org.healbms.core.protection.ProtectionInputs;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.FrameChannels;
import org.healbms.core.reading.Quality;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.core.thermal.CoreThermalModel;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.junit.jupiter.api.Test;

class PackEstimatorTest {

    private static final List<Channel> LAYOUT = List.of(
            new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1),
            new Channel("cell 2 voltage", ChannelKind.CELL_VOLTAGE, 2),
            new Channel("pack current", ChannelKind.PACK_CURRENT, 0),
            new Channel("cell 1 surface", ChannelKind.TEMPERATURE, 1));

    /** One cell with its can temperature and an ambient channel (a temperature on no cell). */
    private static final List<Channel> THERMAL_LAYOUT = List.of(
            new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1),
            new Channel("pack current", ChannelKind.PACK_CURRENT, 0),
            new Channel("cell 1 surface", ChannelKind.TEMPERATURE, 1),
            new Channel("ambient", ChannelKind.TEMPERATURE, 0));
    /** The thermal plant the core-temperature tests run in, and the model their filters are given. */
    private static final TwoNodeThermalModel PLANT = new TwoNodeThermalModel(40, 8, 3.0, 4.0);

    private static ReadingFrame frame(long tick, double v1, double v2, double i, double t, Quality v2Quality) {
        return new ReadingFrame(
                tick,
                tick * 1_000_000_000L,
                LAYOUT,
                new double[] {v1, v2, i, t},
                new Quality[] {Quality.OK, v2Quality, Quality.OK, Quality.OK},
                new long[] {0, 0, 0, 0});
    }

    /** Two cells at different SoC in one string: each filter finds its own cell from a common guess. */
    @Test
    void eachCellIsEstimatedFromItsOwnVoltageAndTheStringCurrent() {
        CellParameters p = SyntheticCells.nca(0.005);
        EquivalentCircuitCell a = new EquivalentCircuitCell(p, 0.9);
        EquivalentCircuitCell b = new EquivalentCircuitCell(p, 0.7);
        FrameChannels channels = FrameChannels.of(LAYOUT, 2);
        PackEstimator pack = new PackEstimator(channels, p, 0.5);
        double[] current = SyntheticCells.driveCurrent(2400, 3.0, 3);
        Random noise = new Random(1);
        for (int k = 0; k < current.length; k++) {
            a.step(1, current[k], 25);
            b.step(1, current[k], 25);
            pack.update(frame(
                    k,
                    a.terminalVoltage(current[k], 25) + 0.005 * noise.nextGaussian(),
                    b.terminalVoltage(current[k], 25) + 0.005 * noise.nextGaussian(),
                    current[k],
                    25,
                    Quality.OK));
        }
        assertThat(Math.abs(pack.soc(0) - a.soc())).isLessThan(0.02);
        assertThat(Math.abs(pack.soc(1) - b.soc())).isLessThan(0.02);
        assertThat(pack.socs()).hasSize(2);

        // Cell 2's voltage goes bad: its filter coasts on the current, and its bound widens.
        double sigmaBefore = pack.socSigma(1);
        for (int k = current.length; k < current.length + 600; k++) {
            pack.update(frame(k, 3.7, 0.0, -3.0, 25, Quality.COMMS_FAULT));
        }
        assertThat(pack.socSigma(1)).isGreaterThan(sigmaBefore);
        ProtectionInputs in =
                new ProtectionInputs().read(frame(0, 3.7, 0.0, -3.0, 25, Quality.COMMS_FAULT), channels, Set.of());
        assertThat(in.cellVoltageMissing()).isTrue();
        assertThat(in.minCellVoltageV()).isEqualTo(3.7);
        assertThat(in.temperatureMissing()).isFalse();
    }

    /**
     * A board that slept through a rest: the frame after the 9 h gap carries one current sample, the shunt
     * monitor's 5 mA offset. The pack rested over the gap, so SoC stays where it was; a load current after a
     * gap is still counted over it. The voltages read bad, so only the count moves SoC.
     */
    @Test
    void aRestCurrentAfterAGapIsARestOverTheGapNotOneSampleCountedOverIt() {
        CellParameters p = SyntheticCells.nca(0.005);
        PackEstimator pack = new PackEstimator(FrameChannels.of(LAYOUT, 2), p, 0.5);
        for (long k = 0; k < 10; k++) {
            pack.update(blind(k, 0.0));
        }
        double before = pack.soc(0);
        pack.update(blind(10 + 9 * 3600, 0.005));
        assertThat(pack.soc(0)).isEqualTo(before);

        pack.update(blind(10 + 9 * 3600 + 120, -1.0));
        assertThat(pack.soc(0))
                .as("1 A over the 120 s since the last frame, counted")
                .isCloseTo(before - 120.0 / 3600 / p.capacityAh(), Assertions.within(1e-4));
    }

    /** Both voltages unreadable: a frame that only the current and the time move the filters with. */
    private static ReadingFrame blind(long second, double currentA) {
        return new ReadingFrame(
                second,
                second * 1_000_000_000L,
                LAYOUT,
                new double[] {Double.NaN, Double.NaN, currentA, 25},
                new Quality[] {Quality.COMMS_FAULT, Quality.COMMS_FAULT, Quality.OK, Quality.OK},
                new long[] {0, 0, 0, 0});
    }

    /** A cell's strain channel reaches its filter when a gauge calibration is given, and only while it reads OK. */
    @Test
    void strainReadingsFeedTheCellsFilterOnlyWhenGood() {
        CellParameters p = SyntheticCells.nca(0.005);
        List<Channel> layout = List.of(
                new Channel("cell 1 voltage", ChannelKind.CELL_VOLTAGE, 1),
                new Channel("pack current", ChannelKind.PACK_CURRENT, 0),
                new Channel("cell 1 strain", ChannelKind.STRAIN, 1));
        FrameChannels channels = FrameChannels.of(layout, 1);
        var gauge = new StrainResponse(
                new double[] {0, 0.5, 1}, new double[] {-200e-6, -100e-6, 0}, 25, 0, 5e-6, 0, 20e-6, 0);
        for (Quality strainQuality : new Quality[] {Quality.OK, Quality.SENSOR_FAULT}) {
            PackEstimator plain = new PackEstimator(channels, p, 0.6);
            PackEstimator withStrain = new PackEstimator(channels, p, gauge, 0.6);
            EquivalentCircuitCell cell = new EquivalentCircuitCell(p, 0.6);
            for (int k = 0; k < 900; k++) {
                cell.step(1, -3.0, 25);
                ReadingFrame f = new ReadingFrame(
                        k,
                        k * 1_000_000_000L,
                        layout,
                        new double[] {cell.terminalVoltage(-3.0, 25), -3.0, -200e-6 + 200e-6 * cell.soc() + 30e-6},
                        new Quality[] {Quality.OK, Quality.OK, strainQuality},
                        new long[] {0, 0, 0});
                plain.update(f);
                withStrain.update(f);
            }
            if (strainQuality == Quality.OK) {
                assertThat(withStrain.soc(0)).isNotEqualTo(plain.soc(0));
                assertThat(withStrain.socSigma(0)).isLessThan(plain.socSigma(0));
            } else {
                assertThat(withStrain.soc(0)).isEqualTo(plain.soc(0));
            }
        }
    }

    /**
     * A cell discharged hard inside a known two-node thermal plant: the virtual core sensor, fed the
     * can temperature and the ambient channel, finds the core the sensors cannot see.
     */
    @Test
    void theCoreTemperatureIsEstimatedFromTheCanAndTheHeatTheCellMakes() {
        CellParameters p = SyntheticCells.nca(0.005);
        var plant = PLANT;
        var thermal = new CoreThermalModel(plant, 0.03, 0.2);
        List<Channel> layout = THERMAL_LAYOUT;
        FrameChannels channels = FrameChannels.of(layout, 1);
        assertThat(channels.ambientTemperature()).isEqualTo(3);
        PackEstimator pack = new PackEstimator(channels, p, (StrainResponse) null, thermal, 0.9);
        PackEstimator without = new PackEstimator(channels, p, 0.9);
        EquivalentCircuitCell cell = new EquivalentCircuitCell(p, 0.9);
        double[] t = {25.0, 25.0};
        Random noise = new Random(7);
        double current = -2.0 * p.capacityAh();
        double worstError = 0;
        double lastGap = 0;
        for (int k = 0; k < 1500; k++) {
            double i = k < 10 ? 0.0 : current;
            double v = cell.terminalVoltage(i, t[1]);
            double heat = Math.max(0, i * (v - p.ocvV().value(cell.soc(), t[1])));
            plant.step(t, heat, 25.0, 1.0);
            cell.step(1, i, t[1]);
            ReadingFrame f = new ReadingFrame(
                    k,
                    k * 1_000_000_000L,
                    layout,
                    new double[] {cell.terminalVoltage(i, t[1]), i, t[1] + 0.1 * noise.nextGaussian(), 25.0},
                    new Quality[] {Quality.OK, Quality.OK, Quality.OK, Quality.OK},
                    new long[4]);
            pack.update(f);
            without.update(f);
            if (k > 300) {
                double error = Math.abs(pack.coreTemperatureDegC(0) - t[0]);
                worstError = Math.max(worstError, error / pack.coreTemperatureSigmaK(0));
            }
            lastGap = t[0] - t[1];
        }
        assertThat(lastGap).as("the plant's core runs above its can").isGreaterThan(1.0);
        assertThat(pack.coreTemperatureDegC(0)).isCloseTo(t[0], Assertions.within(0.3 * lastGap));
        assertThat(pack.coreTemperatureDegC(0)).isGreaterThan(t[1] + 0.5 * lastGap);
        assertThat(worstError).as("error in sigmas after warm-up").isLessThan(3.0);
        assertThat(without.coreTemperatureDegC(0)).isNaN();
    }

    /**
     * A heater on the can, no current: the core lags the can. Told the heater's power, the filter
     * follows the core; not told, it sees only the surface rising and errs hot.
     */
    @Test
    void aHeaterOnTheCanIsToldToTheCoreFilter() {
        CellParameters p = SyntheticCells.nca(0.005);
        var plant = PLANT;
        var thermal = new CoreThermalModel(plant, 0.03, 0.2);
        List<Channel> layout = THERMAL_LAYOUT;
        FrameChannels channels = FrameChannels.of(layout, 1);
        PackEstimator told = new PackEstimator(channels, p, (StrainResponse) null, thermal, 0.5);
        PackEstimator blind = new PackEstimator(channels, p, (StrainResponse) null, thermal, 0.5);
        EquivalentCircuitCell cell = new EquivalentCircuitCell(p, 0.5);
        double[] t = {25.0, 25.0};
        Random noise = new Random(3);
        double worstTold = 0;
        // Five minutes into the heating, while the can still leads the core.
        for (int k = 0; k < 300; k++) {
            double heater = k >= 10 ? 6.0 : 0.0;
            plant.step(t, 0.0, heater, 25.0, 1.0);
            told.heatCan(0, heater);
            ReadingFrame f = new ReadingFrame(
                    k,
                    k * 1_000_000_000L,
                    layout,
                    new double[] {cell.terminalVoltage(0, t[1]), 0.0, t[1] + 0.1 * noise.nextGaussian(), 25.0},
                    new Quality[] {Quality.OK, Quality.OK, Quality.OK, Quality.OK},
                    new long[4]);
            told.update(f);
            blind.update(f);
            if (k > 100) {
                worstTold = Math.max(worstTold, Math.abs(told.coreTemperatureDegC(0) - t[0]));
            }
        }
        assertThat(t[1] - t[0]).as("the can runs above the core while heated").isGreaterThan(1.0);
        assertThat(worstTold).isLessThan(0.5);
        assertThat(blind.coreTemperatureDegC(0)).as("not told, it errs hot").isGreaterThan(t[0] + 0.5);
    }

    @Test
    void aBoardWithoutAVoltageForEveryCellIsRefused() {
        Assertions.assertThatThrownBy(() -> FrameChannels.of(LAYOUT, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cell 3 has no voltage channel");
    }
}
