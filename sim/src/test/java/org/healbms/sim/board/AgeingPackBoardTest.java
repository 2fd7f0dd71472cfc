package org.healbms.sim.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.ChannelKind;
import org.healbms.core.reading.Quality;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.drivers.acquisition.SampledDevice;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.BoardDevices;
import org.healbms.io.board.BoardFile;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.sim.plant.AgeingPack;
import org.healbms.sim.plant.AgeingPackPlant;
import org.healbms.sim.plant.AmbientProfile;
import org.healbms.sim.plant.MeasurementNoise;
import org.healbms.sim.plant.PackUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ageing pack behind a board's emulated chips, read through the real drivers: the cell monitor,
 * the shunt and the thermistors see the plant's true state within the chips' errors, and the heater's
 * PWM heats the plant's cell.
 */
class AgeingPackBoardTest {

    @TempDir
    Path dir;

    private BoardDescription board() throws IOException {
        Path file = BenchBoard.writeTo(dir);
        return BoardFile.read(file);
    }

    private CellParameters cell() throws IOException {
        Path file = dir.resolve("cell.json");
        try (InputStream in = getClass().getResourceAsStream("/org/healbms/io/cell/NCR18650PF_25degC.cell.json")) {
            Files.write(file, in.readAllBytes());
        }
        return CellParameterFile.read(file).parameters();
    }

    /** One reading of every device: value by channel. */
    private record Reading(List<Channel> channels, List<Double> values) {
        double of(ChannelKind kind, int cell) {
            for (int k = 0; k < channels.size(); k++) {
                if (channels.get(k).kind() == kind && channels.get(k).cell() == cell) {
                    return values.get(k);
                }
            }
            throw new AssertionError("no " + kind + " channel for cell " + cell);
        }
    }

    private static Reading read(List<SampledDevice> devices) throws Exception {
        List<Channel> channels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (SampledDevice d : devices) {
            double[] v = new double[d.channels().size()];
            Quality[] q = new Quality[v.length];
            d.sample(v, q);
            for (int k = 0; k < v.length; k++) {
                assertThat(q[k]).isEqualTo(Quality.OK);
                channels.add(d.channels().get(k));
                values.add(v[k]);
            }
        }
        return new Reading(channels, values);
    }

    @Test
    void theLoadAndTheChargerReachThePackOnlyThroughClosedContactorsAndTheChargerObeysTheFirmware() throws Exception {
        AgeingPack pack = AgeingPack.of(
                cell(), new TwoNodeThermalModel(40, 6.5, 2.0, 15.0), 4, 7, 0.5, AmbientProfile.constant(25.0));
        double[] request = {-3.0};
        PackUsage usage = new PackUsage() {
            @Override
            public double requestedA(double elapsedS) {
                return request[0];
            }

            @Override
            public double nextChangeS(double elapsedS) {
                return Double.POSITIVE_INFINITY;
            }
        };
        AgeingPackPlant plant =
                new AgeingPackPlant(pack, usage, new MeasurementNoise(MeasurementNoise.NONE, 4, 1), 0.1);
        try (AgeingBoardPlatform platform = AgeingBoardPlatform.open(board(), plant, false, new VirtualDeviceTime())) {
            platform.advanceTo(1.0);
            assertThat(pack.currentA()).isZero();
            assertThat(plant.active()).isFalse();
            platform.contactors().orElseThrow().set(true, false, true);
            platform.advanceTo(2.0);
            assertThat(pack.currentA()).isEqualTo(-3.0);
            request[0] = 2.0;
            platform.charger().orElseThrow().limitChargeCurrent(0.5);
            platform.advanceTo(3.0);
            assertThat(pack.currentA()).isEqualTo(0.5);
            platform.charger().orElseThrow().enable(false);
            platform.advanceTo(4.0);
            assertThat(pack.currentA()).isZero();
            assertThat(plant.active()).isFalse();
        }
    }

    @Test
    void theChipsMeasureThePlantsTrueStateAndTheHeaterHeatsItsCell() throws Exception {
        BoardDescription board = board();
        AgeingPack pack = AgeingPack.of(
                cell(), new TwoNodeThermalModel(40, 6.5, 2.0, 15.0), 4, 7, 0.6, AmbientProfile.constant(25.0));
        AgeingPackPlant plant = new AgeingPackPlant(
                pack, PackUsage.constant(-3.0), new MeasurementNoise(MeasurementNoise.TYPICAL, 4, 7), 1.0);
        VirtualDeviceTime time = new VirtualDeviceTime();
        try (EmulatedBoard emulated = new EmulatedBoard(board, plant, time)) {
            List<SampledDevice> devices = BoardDevices.open(board, emulated.platform(), time);
            emulated.update(30.0);
            assertThat(pack.elapsedS()).isEqualTo(30.0);
            Reading r = read(devices);
            // The cell monitor's conversions (an open-wire check and a cell conversion at 7 kHz, 2.3 ms
            // each at least) passed on the shared virtual clock: the chip was ready when the driver looked.
            assertThat(time.nanoTime()).isGreaterThan(Duration.ofMillis(10).toNanos());
            for (int c = 1; c <= 4; c++) {
                double truth = pack.cell(c).terminalVoltage(pack.currentA());
                assertThat(r.of(ChannelKind.CELL_VOLTAGE, c)).isCloseTo(truth, within(0.002));
                assertThat(r.of(ChannelKind.TEMPERATURE, c))
                        .isCloseTo(pack.cell(c).surfaceDegC(), within(0.8));
            }
            assertThat(r.of(ChannelKind.PACK_CURRENT, 0)).isCloseTo(-3.0, within(0.02));

            emulated.platform().pwmOutput(0, 1000).setDuty(1.0);
            emulated.update(630.0);
            Reading hot = read(devices);
            assertThat(pack.cell(1).surfaceDegC()).isGreaterThan(pack.cell(2).surfaceDegC() + 10);
            assertThat(hot.of(ChannelKind.TEMPERATURE, 1))
                    .isCloseTo(pack.cell(1).surfaceDegC(), within(0.8));
        }
    }
}
