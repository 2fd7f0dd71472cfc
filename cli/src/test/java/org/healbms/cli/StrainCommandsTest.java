package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.healbms.io.cell.StrainResponseFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * identify-cc and replay --strain on real Samsung 30Q discharges with hoop strain (test fixtures):
 * identified on C/10 and 4C, judged on the 1C run it did not see.
 */
class StrainCommandsTest {

    @TempDir
    Path dir;

    private static String fixture(String name) throws Exception {
        return Path.of(StrainCommandsTest.class
                        .getResource("/traces/ARTSLab__INR18650-30Q-S001__" + name)
                        .toURI())
                .toString();
    }

    private JsonNode replay(String trace, Path cell, String... extra) throws Exception {
        String[] args = {
            "replay",
            fixture(trace),
            "--cell",
            cell.toString(),
            "--soc0-guess",
            "0.7",
            "--ref-soc0",
            "1.0",
            "--ref-capacity-ah",
            "2.969",
            "--json"
        };
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        CliRun r = CliRun.of(all);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.json();
    }

    @Test
    void strainCalibratedOnTwoRatesIsUsedOnARunItDidNotSeeAndLearnsItsGaugeZero() throws Exception {
        Path cell = dir.resolve("30q.cell.json");
        Path strain = dir.resolve("30q.strain.json");
        CliRun id = CliRun.of(
                "identify-cc",
                "--low-rate",
                fixture("C10_discharge_every10th.bdf.csv.gz"),
                "--high-rate",
                fixture("4C_discharge.bdf.csv.gz"),
                "-o",
                cell.toString(),
                "--strain-output",
                strain.toString());
        assertThat(id.exitCode()).as(id.err()).isZero();
        assertThat(id.out())
                .contains("SoC axis on 2.96")
                .contains("strain: breathing")
                .contains(" +- ");
        assertThat(Files.readString(strain))
                .contains("\"format\" : \"healbms-strain\"")
                .contains("thermal_coefficient_sigma_per_k");
        assertThat(dir.resolve("30q.cell.fit").resolve("ARTSLab__INR18650-30Q-S001__4C_discharge.fit.png"))
                .isNotEmptyFile();

        JsonNode voltageOnly = replay("1C_discharge.bdf.csv.gz", cell);
        JsonNode withStrain = replay("1C_discharge.bdf.csv.gz", cell, "--strain", strain.toString());
        assertThat(voltageOnly.get("strain_used").asBoolean()).isFalse();
        assertThat(withStrain.get("strain_used").asBoolean()).isTrue();
        // The gauge zero of a run it has not seen is learned: its sigma falls well below the prior
        // (the spread of the calibration runs' zeros, 83 microstrain).
        double prior = StrainResponseFile.read(strain).offsetSigma();
        assertThat(withStrain.get("strain_offset_sigma").asDouble()).isLessThan(prior / 3);
        // Strain is the weaker sensor: it may refine SoC but must not drag a good voltage estimate.
        assertThat(withStrain.get("soc_rmse").asDouble())
                .isLessThan(voltageOnly.get("soc_rmse").asDouble() + 0.005);
    }

    @Test
    void strainNeedsAStrainColumnAndAValidFile() throws Exception {
        Path cell = dir.resolve("30q.cell.json");
        assertThat(CliRun.of(
                                "identify-cc",
                                "--low-rate",
                                fixture("C10_discharge_every10th.bdf.csv.gz"),
                                "--high-rate",
                                fixture("1C_discharge.bdf.csv.gz"),
                                "-o",
                                cell.toString())
                        .exitCode())
                .isZero();
        Path bad = dir.resolve("bad.strain.json");
        Files.writeString(
                bad,
                "{\"format\": \"healbms-strain\", \"format_version\": 1, \"soc\": [0, 1], \"strain_m_per_m\": [0],"
                        + " \"reference_temperature_degc\": 22, \"thermal_coefficient_per_k\": 0, \"noise_sigma\": 1e-6,"
                        + " \"noise_correlation_s\": 0, \"offset_sigma\": 0, \"offset_walk_per_sqrt_s\": 0, \"gauge\": 1}");
        CliRun r = CliRun.of(
                "replay", fixture("4C_discharge.bdf.csv.gz"), "--cell", cell.toString(), "--strain", bad.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("bad.strain.json").contains("$.gauge: unknown field");

        Path ocv = Path.of(getClass()
                .getResource("/traces/Kollmeyer__NCR18650PF__25degC_C20_OCV.bdf.csv.gz")
                .toURI());
        Path good = dir.resolve("good.strain.json");
        assertThat(CliRun.of(
                                "identify-cc",
                                "--low-rate",
                                fixture("C10_discharge_every10th.bdf.csv.gz"),
                                "--high-rate",
                                fixture("4C_discharge.bdf.csv.gz"),
                                "-o",
                                dir.resolve("x.json").toString(),
                                "--strain-output",
                                good.toString())
                        .exitCode())
                .isZero();
        CliRun noColumn = CliRun.of("replay", ocv.toString(), "--cell", cell.toString(), "--strain", good.toString());
        assertThat(noColumn.exitCode()).isNotZero();
        assertThat(noColumn.err()).contains("Hoop Strain / 1").contains("logs no strain");
    }
}
