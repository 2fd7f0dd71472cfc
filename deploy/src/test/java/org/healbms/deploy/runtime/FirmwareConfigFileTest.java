package org.healbms.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.healbms.deploy.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareConfigFileTest {

    @TempDir
    Path dir;

    private Path config(String extra) throws Exception {
        Path file = dir.resolve("conf/firmware.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "format: healbms-firmware\nformat_version: 1\n" + extra);
        return file;
    }

    @Test
    void theShippedDesktopConfigurationIsValid() throws Exception {
        Path file = dir.resolve("desktop.firmware.yaml");
        try (InputStream in = FirmwareConfigFile.class.getResourceAsStream(
                "/org/healbms/deploy/runtime/desktop.firmware.yaml")) {
            Files.copy(in, file);
        }
        FirmwareConfig c = FirmwareConfigFile.read(file);
        assertThat(c.impedanceSweeps().interval()).isEqualTo(Duration.ofDays(1));
        assertThat(c.impedanceSweeps().rest()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.impedanceSweeps().maxFitError()).isEqualTo(0.03);
    }

    @Test
    void impedanceSweepsAreOnRequestUnlessAnIntervalIsGivenAndAnIntervalShorterThanASweepIsRefused() throws Exception {
        assertThat(FirmwareConfigFile.read(config("")).impedanceSweeps().scheduled()).isFalse();
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("eis_interval_s: 30\neis_max_fit_error: 0\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "line 3: eis_interval_s: a sweep takes about a minute: 0 (on request only) or at least 60",
                        "line 4: eis_max_fit_error: 0.0 is outside 1.0E-4 .. 1.0"));
    }
}
