package org.healbms.io.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.healbms.core.cell.StrainResponse;
import org.healbms.core.life.LifeStoryLimits;
import org.healbms.core.protection.CellLimits;
import org.healbms.core.thermal.CoreThermalModel;
import org.healbms.core.thermal.TwoNodeThermalModel;
import org.healbms.io.cell.StrainResponseFile;
import org.healbms.io.cell.ThermalModelFile;
import org.healbms.io.config.ConfigException;
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
    void impedanceSweepsAreOnRequestUnlessAnIntervalIsGivenAndAnIntervalShorterThanASweepIsRefused() throws Exception {
        assertThat(FirmwareConfigFile.read(config("")).impedanceSweeps().scheduled())
                .isFalse();
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("eis_interval_s: 30\neis_max_fit_error: 0\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(
                                "line 3: eis_interval_s: a sweep takes about a minute: 0 (on request only) or at least 60",
                                "line 4: eis_max_fit_error: 0.0 is outside 1.0E-4 .. 1.0"));
    }

    @Test
    void theLibrariesLogAtWarnUnlessTheConfigurationSaysOtherwise() throws Exception {
        assertThat(FirmwareConfigFile.read(config("")).logLevel()).isEqualTo("warn");
        assertThat(FirmwareConfigFile.read(config("log_level: debug\n")).logLevel())
                .isEqualTo("debug");
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("log_level: loud\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(
                                "line 3: log_level: 'loud' is not one of error, warn, info, debug, trace, off"));
    }

    /** The calibration is found relative to the configuration file, as every path in it is. */
    @Test
    void lifeStoryThresholdsDefaultToTheCellLimitsAndEachCanBeSet() throws Exception {
        assertThat(FirmwareConfigFile.read(config("")).lifeStory())
                .isEqualTo(LifeStoryLimits.of(CellLimits.ncr18650pf()));
        LifeStoryLimits set = FirmwareConfigFile.read(
                        config("life_story: {extreme_high_degc: 50, deep_discharge_v: 2.7}\n"))
                .lifeStory();
        assertThat(set.extremeHighDegC()).isEqualTo(50);
        assertThat(set.deepDischargeV()).isEqualTo(2.7);
        assertThat(set.extremeLowDegC()).isEqualTo(CellLimits.ncr18650pf().minDischargeTemperatureDegC());
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("life_story: {extreme_low_degc: 70}\n")))
                .hasMessageContaining("life_story")
                .hasMessageContaining("extreme_low_degc must be below");
    }

    @Test
    void aStrainCalibrationIsReadRelativeToTheConfiguration() throws Exception {
        StrainResponse gauge = new StrainResponse(
                new double[] {0.0, 0.5, 1.0}, new double[] {0.0, 4e-4, 1e-3}, 25.0, 5e-6, 5e-6, 300.0, 2e-5, 1e-8);
        Files.createDirectories(dir.resolve("conf/cal"));
        StrainResponseFile.write(dir.resolve("conf/cal/strain.json"), gauge, null);
        FirmwareConfig c = FirmwareConfigFile.read(config("strain_calibration: cal/strain.json\n"));
        assertThat(c.strainCalibration()).isNotNull();
        StrainResponse every = c.strainCalibration().forCell(1);
        assertThat(every.socNodes()).containsExactly(0.0, 0.5, 1.0);
        assertThat(every.strain()).containsExactly(0.0, 4e-4, 1e-3);
        assertThat(every.noiseCorrelationS()).isEqualTo(300.0);
        assertThat(every.offsetWalkPerSqrtS()).isEqualTo(1e-8);
        assertThat(c.strainCalibration().forCell(16)).isEqualTo(every);
    }

    /** Gauges calibrated one by one: a file per cell; a cell not named has no strain in its estimate. */
    @Test
    void strainCalibrationsMayBeGivenPerCell() throws Exception {
        StrainResponse one =
                new StrainResponse(new double[] {0.0, 1.0}, new double[] {0.0, 1e-3}, 25.0, 0, 5e-6, 0, 2e-5, 0);
        StrainResponse three =
                new StrainResponse(new double[] {0.0, 1.0}, new double[] {-1e-4, 8e-4}, 24.0, 0, 6e-6, 0, 3e-5, 0);
        StrainResponseFile.write(dir.resolve("conf/one.json"), one, null);
        StrainResponseFile.write(dir.resolve("conf/three.json"), three, null);
        FirmwareConfig c = FirmwareConfigFile.read(config("strain_calibration: {1: one.json, 3: three.json}\n"));
        assertThat(c.strainCalibration().forCell(1)).isEqualTo(one);
        assertThat(c.strainCalibration().forCell(2)).isNull();
        assertThat(c.strainCalibration().forCell(3)).isEqualTo(three);
        Assertions.assertThatThrownBy(() -> c.strainCalibration().requireCellsUpTo(2))
                .hasMessage("strain_calibration names cell 3, but the board has 2 cells");

        assertThatThrownBy(
                        () -> FirmwareConfigFile.read(config("strain_calibration: {first: one.json, 2: none.json}\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(
                                "line 3: strain_calibration.first: must be a cell number (1, 2, ...), each with its strain calibration file",
                                "line 3: strain_calibration.2: " + dir.resolve("conf/none.json") + ": no such file"));
    }

    @Test
    void aThermalModelIsReadRelativeToTheConfigurationAndABadOneIsRefused() throws Exception {
        var model = new CoreThermalModel(new TwoNodeThermalModel(40, 6.5, 2.0, 3.8), 0.03, 0.2);
        ThermalModelFile.write(dir.resolve("conf/cell.thermal.json"), model, null);
        assertThat(FirmwareConfigFile.read(config("thermal_model: cell.thermal.json\n"))
                        .thermalModel()
                        .forCell(3))
                .isEqualTo(model);
        // An edge cell cools better: a model of its own, the others none.
        var edge = new CoreThermalModel(new TwoNodeThermalModel(40, 6.5, 2.0, 2.9), 0.03, 0.2);
        ThermalModelFile.write(dir.resolve("conf/edge.thermal.json"), edge, null);
        var perCell = FirmwareConfigFile.read(config("thermal_model: {1: edge.thermal.json, 4: edge.thermal.json}\n"))
                .thermalModel();
        assertThat(perCell.forCell(1)).isEqualTo(edge);
        assertThat(perCell.forCell(2)).isNull();
        Assertions.assertThatThrownBy(() -> perCell.requireCellsUpTo(3))
                .hasMessage("thermal_model names cell 4, but the board has 3 cells");
        assertThat(FirmwareConfigFile.read(config("")).thermalModel()).isNull();

        Path bad = dir.resolve("conf/bad.thermal.json");
        Files.writeString(bad, "{\"format\": \"healbms-strain\", \"format_version\": 1}");
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("thermal_model: bad.thermal.json\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p)
                                .startsWith("line 3: thermal_model: not a usable thermal model: " + bad + ": ")
                                .contains("$.format: must be \"healbms-thermal\"")));
    }

    @Test
    void aMissingOrBadStrainCalibrationIsRefusedNamingTheKeyAndTheFile() throws Exception {
        Path missing = dir.resolve("conf/nowhere.json");
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("strain_calibration: nowhere.json\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly("line 3: strain_calibration: " + missing + ": no such file"));

        Path bad = dir.resolve("conf/bad.json");
        Files.writeString(
                bad,
                "{\"format\": \"healbms-strain\", \"format_version\": 1, \"soc\": [0.0, 0.5],"
                        + " \"strain_m_per_m\": [0.0]}");
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("strain_calibration: bad.json\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p)
                                .startsWith(
                                        "line 3: strain_calibration: not a usable strain calibration: " + bad + ": ")
                                .contains("$.reference_temperature_degc")));

        Files.writeString(bad, "{\"format\": \"healbms-cell\"");
        assertThatThrownBy(() -> FirmwareConfigFile.read(config("strain_calibration: bad.json\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p)
                                .startsWith(
                                        "line 3: strain_calibration: not a usable strain calibration: " + bad + ": ")
                                .contains("not valid JSON")));
    }
}
