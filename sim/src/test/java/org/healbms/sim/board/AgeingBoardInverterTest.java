package org.healbms.sim.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.bus.CanBus;
import org.healbms.drivers.bus.CanFrame;
import org.healbms.drivers.canbms.BmsCanEncoder;
import org.healbms.drivers.canbms.BmsCanVariant;
import org.healbms.drivers.canbms.PackReport;
import org.healbms.io.board.BoardFile;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.sim.device.can.EmulatedCanBus;
import org.healbms.sim.plant.AgeingPack;
import org.healbms.sim.plant.AgeingPackPlant;
import org.healbms.sim.plant.AmbientProfile;
import org.healbms.sim.plant.MeasurementNoise;
import org.healbms.sim.plant.PackUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ageing plant on a board with CAN: the inverter emulator is the pack's charger and load
 * controller, so the plant's charger and its load hold to the limits and enables a BMS sends (here a
 * test node in the BMS's place), and without a BMS's 0x351 nothing flows.
 */
class AgeingBoardInverterTest {

    @TempDir
    Path dir;

    private static void report(CanBus bms, double ccl, double dcl, boolean charge, boolean discharge) throws Exception {
        PackReport r = new PackReport(
                16.8, ccl, dcl, 10, 0.5, 1, 14.8, 0, 25, Set.of(), Set.of(), true, charge, discharge, false, "HealBMS",
                1, 3);
        for (CanFrame f : new BmsCanEncoder(BmsCanVariant.VICTRON).encode(r, 0)) {
            bms.send(f);
        }
    }

    @Test
    void theChargerAndTheLoadObeyWhatTheInverterAllows() throws Exception {
        Path boardFile = dir.resolve("board.yaml");
        Files.writeString(boardFile, """
                format: healbms-board
                format_version: 1
                name: ageing-can
                platform: emulated
                tick_ms: 100
                cells: 4
                can: {interface: age-inv, bitrate: 500000, protocol: victron}
                devices:
                  - id: cellmon
                    type: ltc6811
                    period_ms: 100
                    spi: {bus: 0, chip_select: 0, clock_hz: 500000}
                    cells:
                      - {cell: 1, ic: 0, input: 1}
                      - {cell: 2, ic: 0, input: 2}
                      - {cell: 3, ic: 0, input: 3}
                      - {cell: 4, ic: 0, input: 4}
                """);
        BoardDescription board = BoardFile.read(boardFile);
        Path cellFile = dir.resolve("cell.json");
        try (InputStream in = getClass().getResourceAsStream("/org/healbms/io/cell/NCR18650PF_25degC.cell.json")) {
            Files.write(cellFile, in.readAllBytes());
        }
        AgeingPack pack = AgeingPack.of(
                CellParameterFile.read(cellFile).parameters(),
                new TwoNodeThermalModel(40, 6.5, 2.0, 15.0),
                4,
                7,
                0.5,
                AmbientProfile.constant(25.0));
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
        try (CanBus bms = EmulatedCanBus.named("age-inv").node();
                AgeingBoardPlatform platform = AgeingBoardPlatform.open(board, plant, false, new VirtualDeviceTime())) {
            platform.contactors().orElseThrow().set(true, false, true);
            platform.advanceTo(1.0);
            platform.advanceTo(2.0);
            assertThat(pack.currentA())
                    .as("no limits from a BMS yet: the inverter allows nothing")
                    .isZero();

            report(bms, 0.5, 1.0, true, true);
            platform.advanceTo(3.0);
            platform.advanceTo(4.0);
            assertThat(pack.currentA()).as("the load held to DCL").isCloseTo(-1.0, within(1e-9));
            request[0] = 2.0;
            platform.advanceTo(5.0);
            assertThat(pack.currentA()).as("the charger held to CCL").isCloseTo(0.5, within(1e-9));

            report(bms, 0.5, 1.0, false, true);
            platform.advanceTo(6.0);
            platform.advanceTo(7.0);
            assertThat(pack.currentA()).as("charge disabled on 0x35C").isZero();

            // The BMS falls silent: after 3 s without 0x351 the inverter stops, and so does the load.
            request[0] = -3.0;
            platform.advanceTo(8.0);
            assertThat(pack.currentA()).isCloseTo(-1.0, within(1e-9));
            platform.advanceTo(10.5);
            platform.advanceTo(11.0);
            assertThat(pack.currentA()).isZero();
        }
    }
}
