package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.healbms.io.firmware.FirmwareConfig;
import org.healbms.io.firmware.FirmwareConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheBundledFilesAndAFirmwareConfigurationThatUsesThem() throws Exception {
        Path out = dir.resolve("examples");
        CliRun r = CliRun.of("examples", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("emulated-4s.board.yaml")).isRegularFile();
        assertThat(out.resolve("NCR18650PF_25degC.cell.json")).isRegularFile();
        assertThat(out.resolve("ATTRIBUTION.md")).isRegularFile();

        FirmwareConfig c = FirmwareConfigFile.read(out.resolve("desktop.firmware.yaml"));
        assertThat(c.files().board()).isEqualTo(out.resolve("emulated-4s.board.yaml"));
        assertThat(c.files().cell()).isEqualTo(out.resolve("NCR18650PF_25degC.cell.json"));
        assertThat(c.files().plantTrace()).isEqualTo(out.resolve("Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz"));
        assertThat(c.healing().rules()).isEqualTo(out.resolve("example.rules.yaml"));

        assertThat(CliRun.of("rules", "check", out.resolve("example.rules.yaml").toString())
                        .exitCode())
                .isZero();
        assertThat(r.out()).contains("healbms run --config " + out.resolve("desktop.firmware.yaml"));
    }

    @Test
    void keepsAnEditedFileUnlessForced() throws Exception {
        assertThat(CliRun.of("examples", dir.toString()).exitCode()).isZero();
        Path rules = dir.resolve("example.rules.yaml");
        Files.writeString(rules, "# mine\n");
        CliRun again = CliRun.of("examples", dir.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("exists; --force overwrites it");
        assertThat(Files.readString(rules)).isEqualTo("# mine\n");

        assertThat(CliRun.of("examples", dir.toString(), "--force").exitCode()).isZero();
        assertThat(Files.readString(rules)).startsWith("# HealBMS healing rules");
    }
}
