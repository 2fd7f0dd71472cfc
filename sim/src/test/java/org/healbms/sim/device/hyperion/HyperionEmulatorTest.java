package org.healbms.sim.device.hyperion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.healbms.core.fusion.GratingCalibration;
import org.healbms.core.reading.Channel;
import org.healbms.core.reading.Quality;
import org.healbms.drivers.bus.BusException;
import org.healbms.drivers.hyperion.FbgDevice;
import org.healbms.drivers.hyperion.Grating;
import org.healbms.drivers.hyperion.GratingRole;
import org.healbms.drivers.hyperion.HyperionClient;
import org.healbms.drivers.hyperion.PeakFrame;
import org.junit.jupiter.api.Test;

/** Driver against the emulated interrogator over real loopback sockets. */
class HyperionEmulatorTest {

    @Test
    void commandsStreamAndReconnectAfterADrop() throws Exception {
        try (HyperionEmulator si155 = new HyperionEmulator(4242, 4, 20);
                HyperionClient client = new HyperionClient(
                        "127.0.0.1", si155.commandPort(), si155.streamPort(), Duration.ofSeconds(2))) {
            si155.setPeaks(new double[][] {{1530.1234, 1550.0}, {1560.5}, {}, {}});
            assertThat(client.serialNumber()).isEqualTo("4242");
            assertThat(client.isReady()).isTrue();
            assertThat(client.channelCount()).isEqualTo(4);
            PeakFrame f = client.peaks();
            assertThat(f.peaks(1)).containsExactly(1530.1234, 1550.0);
            long lastScan = f.serial();
            for (int i = 0; i < 5; i++) {
                PeakFrame streamed = client.nextStreamedPeaks();
                assertThat(streamed.peaks(2)).containsExactly(1560.5);
                assertThat(streamed.serial()).as("scan serials count up").isGreaterThan(lastScan);
                lastScan = streamed.serial();
            }
            si155.dropConnections();
            // The next command reconnects; the stream reconnects by itself once.
            assertThatThrownBy(client::peaks).isInstanceOf(BusException.class);
            assertThat(client.peaks().peaks(1)).hasSize(2);
            assertThat(client.nextStreamedPeaks().channels()).isEqualTo(4);
        }
    }

    @Test
    void anErrorStatusAndATruncatedBlockAreFaultsNotValues() throws Exception {
        try (HyperionEmulator si155 = new HyperionEmulator(4242, 2, 20);
                HyperionClient client = new HyperionClient(
                        "127.0.0.1", si155.commandPort(), si155.streamPort(), Duration.ofSeconds(2))) {
            si155.setPeaks(new double[][] {{1530.2}, {1550.1}});
            si155.failNextCommand("laser not ready");
            assertThatThrownBy(client::peaks)
                    .isInstanceOf(BusException.class)
                    .hasMessageContaining("#GetPeaks failed with status 1: laser not ready");
            assertThat(client.peaks().peaks(2)).containsExactly(1550.1); // same connection, still good
            client.nextStreamedPeaks();
            si155.truncateNextBlock();
            // The cut block is refused; the client reconnects and reads whole blocks again.
            PeakFrame next = client.nextStreamedPeaks();
            assertThat(next.peaks(1)).containsExactly(1530.2);
        }
    }

    @Test
    void gratingsAreFoundInTheirWindowsOrReportedMissing() throws Exception {
        try (HyperionEmulator si155 = new HyperionEmulator(1, 2, 50);
                HyperionClient client = new HyperionClient(
                        "127.0.0.1", si155.commandPort(), si155.streamPort(), Duration.ofSeconds(2))) {
            si155.setPeaks(new double[][] {{1529.4, 1530.12, 1550.03}, {}});
            FbgDevice fbg = new FbgDevice(
                    "fbg",
                    Duration.ofMillis(100),
                    client,
                    List.of(
                            new Grating(1, "cell 2 fbg strain", 2, 1530.0, 2.0),
                            new Grating(1, "cell 2 fbg reference", 2, 1550.0, 2.0),
                            new Grating(2, "cell 3 fbg strain", 3, 1540.0, 2.0)));
            double[] v = new double[3];
            Quality[] q = new Quality[3];
            fbg.sample(v, q);
            assertThat(v[0]).isEqualTo(1530.12); // the nearest of two peaks in the window
            assertThat(v[1]).isEqualTo(1550.03);
            assertThat(q).containsExactly(Quality.OK, Quality.OK, Quality.SENSOR_FAULT);
        }
    }

    /** A bonded and a reference grating on one cell give it a temperature and a strain, from their calibrations. */
    @Test
    void aBondedAndAReferenceGratingAreDecoupledIntoTemperatureAndStrain() throws Exception {
        var bondedCal = new GratingCalibration(1530.0, 25.0, 10.0, 0.01, 1.2);
        var referenceCal = new GratingCalibration(1550.0, 25.0, 10.3, 0.0, 0.0);
        try (HyperionEmulator si155 = new HyperionEmulator(1, 1, 50);
                HyperionClient client = new HyperionClient(
                        "127.0.0.1", si155.commandPort(), si155.streamPort(), Duration.ofSeconds(2))) {
            FbgDevice fbg = new FbgDevice(
                    "fbg",
                    Duration.ofMillis(100),
                    client,
                    List.of(
                            new Grating(1, "cell 2 fbg strain", 2, 1530.0, 4.0, GratingRole.BONDED, bondedCal),
                            new Grating(
                                    1, "cell 2 fbg reference", 2, 1550.0, 4.0, GratingRole.REFERENCE, referenceCal)));
            assertThat(fbg.channels())
                    .extracting(Channel::name)
                    .containsExactly(
                            "cell 2 fbg strain",
                            "cell 2 fbg reference",
                            "cell 2 fbg temperature",
                            "cell 2 fbg decoupled strain");
            // The cell at 35 degC with its can stretched by 300 microstrain.
            si155.setPeaks(new double[][] {{bondedCal.wavelengthNm(35.0, 300e-6), referenceCal.wavelengthNm(35.0, 0)}});
            double[] v = new double[4];
            Quality[] q = new Quality[4];
            fbg.sample(v, q);
            assertThat(q).containsOnly(Quality.OK);
            assertThat(v[2]).isCloseTo(35.0, within(1e-6));
            assertThat(v[3]).isCloseTo(300e-6, within(1e-9));
            // Without its reference the bonded grating cannot tell heat from strain: both derived values fault.
            si155.setPeaks(new double[][] {{bondedCal.wavelengthNm(35.0, 300e-6)}});
            fbg.sample(v, q);
            assertThat(q).containsExactly(Quality.OK, Quality.SENSOR_FAULT, Quality.SENSOR_FAULT, Quality.SENSOR_FAULT);
        }
    }

    /** Two paired gratings of different coating on one cell: the 2x2 method through the emulator. */
    @Test
    void twoPairedGratingsOfDifferentSensitivityAreDecoupled() throws Exception {
        var bare = new GratingCalibration(1530.0, 25.0, 10.0, 0.008, 1.2);
        var coated = new GratingCalibration(1550.0, 25.0, 28.0, 0.05, 0.9);
        try (HyperionEmulator si155 = new HyperionEmulator(1, 1, 50);
                HyperionClient client = new HyperionClient(
                        "127.0.0.1", si155.commandPort(), si155.streamPort(), Duration.ofSeconds(2))) {
            FbgDevice fbg = new FbgDevice(
                    "fbg",
                    Duration.ofMillis(100),
                    client,
                    List.of(
                            new Grating(1, "cell 3 fbg bare", 3, 1530.0, 4.0, GratingRole.PAIRED, bare),
                            new Grating(1, "cell 3 fbg coated", 3, 1550.0, 4.0, GratingRole.PAIRED, coated)));
            assertThat(fbg.channels())
                    .extracting(Channel::name)
                    .containsExactly(
                            "cell 3 fbg bare",
                            "cell 3 fbg coated",
                            "cell 3 fbg temperature",
                            "cell 3 fbg decoupled strain");
            si155.setPeaks(new double[][] {{bare.wavelengthNm(48.0, 420e-6), coated.wavelengthNm(48.0, 420e-6)}});
            double[] v = new double[4];
            Quality[] q = new Quality[4];
            fbg.sample(v, q);
            assertThat(q).containsOnly(Quality.OK);
            assertThat(v[2]).isCloseTo(48.0, within(1e-5));
            assertThat(v[3]).isCloseTo(420e-6, within(1e-9));
            // Peaks no temperature explains (the coated grating read far low, in its window's edge) fault both.
            si155.setPeaks(new double[][] {{1531.9, 1548.1}});
            fbg.sample(v, q);
            assertThat(q).containsExactly(Quality.OK, Quality.OK, Quality.SENSOR_FAULT, Quality.SENSOR_FAULT);
        }
    }
}
