package org.healbms.cli.lifetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.IntStream;
import org.healbms.drivers.board.BoardDescription;
import org.healbms.drivers.board.DeviceDescription;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lifetime bench's files are what the firmware reads, for any pack size the chain holds. */
class LifetimeBenchTest {

    @TempDir
    Path dir;

    @Test
    void aSixteenCellBenchWiresAndHeatsEveryCellOnce() throws Exception {
        FirmwareSetup setup = LifetimeBench.write(dir, 16, 0.9);
        BoardDescription board = setup.board();
        assertThat(board.cells()).isEqualTo(16);
        DeviceDescription.CellMonitor monitor = board.devices().stream()
                .filter(DeviceDescription.CellMonitor.class::isInstance)
                .map(DeviceDescription.CellMonitor.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(monitor.chainLength()).isEqualTo(2);
        assertThat(monitor.cells()).hasSize(16);
        long thermistors = board.devices().stream()
                .filter(DeviceDescription.ThermistorAdc.class::isInstance)
                .mapToLong(d -> ((DeviceDescription.ThermistorAdc) d).channels().size())
                .sum();
        assertThat(thermistors).isEqualTo(32);
        assertThat(board.heaters())
                .extracting(BoardDescription.HeaterOutput::cell)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 16).boxed().toList());
        assertThat(setup.config().startup().runOnStart()).isTrue();
        assertThat(setup.rules().rules()).isNotEmpty();
    }

    @Test
    void theDriveIsTheBundledUs06sFirstFortyMinutesAndDrainsThePack() throws Exception {
        double[][] drive = LifetimeBench.driveProfile(dir, 2400);
        double[] t = drive[0];
        assertThat(t[0]).isZero();
        assertThat(t[t.length - 1]).isEqualTo(2400.0);
        double netAh = 0;
        for (int k = 1; k < t.length; k++) {
            assertThat(t[k]).isGreaterThan(t[k - 1]);
            netAh += drive[1][k - 1] * (t[k] - t[k - 1]) / 3600;
        }
        assertThat(netAh).isBetween(-2.0, -0.8);
    }
}
