package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.healbms.io.firmware.FirmwareConfig;
import org.healbms.io.firmware.FirmwareConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firmware configuration the CLI bundles (`healbms run` without --config) reads as a valid one. */
class DesktopConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void theShippedDesktopConfigurationIsValid() throws Exception {
        Path file = dir.resolve("desktop.firmware.yaml");
        try (InputStream in =
                FirmwareConfigFile.class.getResourceAsStream("/org/healbms/cli/runtime/desktop.firmware.yaml")) {
            Files.copy(in, file);
        }
        FirmwareConfig c = FirmwareConfigFile.read(file);
        assertThat(c.impedanceSweeps().interval()).isEqualTo(Duration.ofDays(1));
        assertThat(c.impedanceSweeps().rest()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.impedanceSweeps().maxFitError()).isEqualTo(0.03);
        assertThat(c.strainCalibration()).isNull();
    }
}
