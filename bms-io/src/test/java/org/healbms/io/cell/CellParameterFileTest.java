package org.healbms.io.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.ChargeTransfer;
import org.healbms.core.cell.EstimatorNoise;
import org.healbms.core.cell.ModelErrorProfile;
import org.healbms.core.cell.SocTemperatureTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellParameterFileTest {

    @TempDir
    Path dir;

    static CellParameters cell() {
        return new CellParameters(
                "test cell",
                new CellParameters.Charge(2.9, 0.999),
                new CellParameters.VoltageWindow(2.5, 4.2),
                new SocTemperatureTable(
                        new double[] {0, 0.5, 1}, new double[] {0, 25}, new double[][] {{3.0, 3.6, 4.1}, {3.1, 3.7, 4.2}
                        }),
                new CellParameters.Impedance(
                        SocTemperatureTable.ofSoc(new double[] {0, 1}, 25, new double[] {0.05, 0.03}),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(0.01, 25), SocTemperatureTable.constant(5, 25)),
                        new CellParameters.RcPair(
                                SocTemperatureTable.constant(0.02, 25), SocTemperatureTable.constant(100, 25))),
                new CellParameters.Hysteresis(0.03, 40),
                new EstimatorNoise(
                        new EstimatorNoise.SocNoise(0.3, 5e-5),
                        new EstimatorNoise.PolarisationNoise(2e-4, 2e-4),
                        new EstimatorNoise.VoltageNoise(0.01, 0.0, 1e-4, null),
                        new EstimatorNoise.CapacityLearning(0.05, 1e-6),
                        new EstimatorNoise.ResistanceLearning(0.3, 1e-3)));
    }

    @Test
    void roundTripsTheParametersAndProvenance() throws IOException {
        Path file = dir.resolve("cell.json");
        var provenance = JsonNodeFactory.instance.objectNode().put("ocv_test", "c20.bdf.csv.gz");
        CellParameterFile.write(file, cell(), provenance);
        CellParameterFile.Contents back = CellParameterFile.read(file);
        assertThat(back.parameters()).isEqualTo(cell());
        assertThat(back.provenance().get("ocv_test").asText()).isEqualTo("c20.bdf.csv.gz");
        assertThat(Files.readString(file)).contains("\"format\" : \"healbms-cell\"", "\"r0_ohm\"", "\"tau1_s\"");
        assertThat(dir.toFile().list()).containsExactly("cell.json");
    }

    /** The same cell with the noise profile identification derives from its residuals. */
    static CellParameters cellWithProfile() {
        CellParameters c = cell();
        ModelErrorProfile profile = new ModelErrorProfile(
                new SocTemperatureTable(
                        new double[] {0.05, 0.95}, new double[] {0, 25}, new double[][] {{0.02, 0.01}, {0.01, 0.005}}),
                SocTemperatureTable.constant(0.03, 25),
                1200.0,
                SocTemperatureTable.constant(0.05, 25),
                9.0,
                1.5);
        return c.withNoise(c.noise().withModelError(profile, 0.004, 20.0, 0.0));
    }

    @Test
    void roundTripsTheNoiseProfile() throws IOException {
        Path file = dir.resolve("profile.json");
        CellParameterFile.write(file, cellWithProfile(), null);
        assertThat(CellParameterFile.read(file).parameters()).isEqualTo(cellWithProfile());
        assertThat(Files.readString(file))
                .contains("\"model_error\"", "\"voltage_bias_sigma_v\"", "\"overpotential_sigma_fraction\"");
        // A file without a profile (written before it existed) still reads, with none.
        assertThat(CellParameterFile.read(writeValid()).parameters().noise().modelError())
                .isNull();
    }

    /** The same cell with the charge transfer identification finds beside the linear model. */
    static CellParameters cellWithChargeTransfer() {
        double[] ends = {0, 1};
        double[] temps = {0, 25};
        SocTemperatureTable.TemperatureLaw arrhenius = SocTemperatureTable.TemperatureLaw.ARRHENIUS;
        return cell().withChargeTransfer(new ChargeTransfer(
                new SocTemperatureTable(ends, temps, new double[][] {{0.06, 0.04}, {0.03, 0.02}}, arrhenius),
                new SocTemperatureTable(ends, temps, new double[][] {{0.5, 0.5}, {4.9, 4.9}}, arrhenius),
                new SocTemperatureTable(ends, temps, new double[][] {{0.047, 0.047}, {0.051, 0.051}}),
                new SocTemperatureTable(ends, temps, new double[][] {{0.4, 0.4}, {0.8, 0.8}}, arrhenius)));
    }

    @Test
    void roundTripsTheChargeTransfer() throws IOException {
        Path file = dir.resolve("transfer.json");
        CellParameterFile.write(file, cellWithChargeTransfer(), null);
        assertThat(CellParameterFile.read(file).parameters()).isEqualTo(cellWithChargeTransfer());
        assertThat(Files.readString(file))
                .contains("\"charge_transfer\"", "\"ohmic_r0_ohm\"", "\"exchange_current_a\"", "\"tafel_v\"");
        // A file without it (written before it existed, or by a linear identification) still reads, with none.
        assertThat(Files.readString(writeValid())).doesNotContain("charge_transfer");
        assertThat(CellParameterFile.read(writeValid()).parameters().chargeTransfer())
                .isNull();

        String broken =
                Files.readString(file).replace("\"tau_s\"", "\"lag_s\"").replace("[ 4.9, 4.9 ]", "[ -4.9, 4.9 ]");
        assertThat(readBroken(broken).problems())
                .anySatisfy(p -> assertThat(p).startsWith("$.charge_transfer.lag_s: unknown field"))
                .anySatisfy(p -> assertThat(p).isEqualTo("$.charge_transfer.tau_s: missing"));
        String negative = Files.readString(file).replace("[ 4.9, 4.9 ]", "[ -4.9, 4.9 ]");
        assertThat(readBroken(negative).problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("$.charge_transfer").contains("exchange_current_a"));
    }

    @Test
    void namesWhatIsWrongInTheNoiseProfile() throws IOException {
        Path file = dir.resolve("profile.json");
        CellParameterFile.write(file, cellWithProfile(), null);
        String json = Files.readString(file)
                .replace("\"voltage_bias_correlation_s\" : 1200.0", "\"voltage_bias_correlation_s\" : -1.0")
                .replace("\"identified_current_a\"", "\"identified_currents_a\"");
        CellFileException e = readBroken(json);
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("$.noise.model_error.identified_currents_a: unknown field"));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).isEqualTo("$.noise.model_error.identified_current_a: missing"));
        String negative = Files.readString(file)
                .replace("\"voltage_bias_correlation_s\" : 1200.0", "\"voltage_bias_correlation_s\" : -1.0");
        assertThat(readBroken(negative).problems())
                .singleElement()
                .satisfies(p -> assertThat(p).contains("$.noise.model_error").contains("voltage_bias_correlation_s"));
    }

    private Path writeValid() throws IOException {
        Path file = dir.resolve("valid.json");
        CellParameterFile.write(file, cell(), null);
        return file;
    }

    private String valid() throws IOException {
        Path file = dir.resolve("valid.json");
        CellParameterFile.write(file, cell(), null);
        return Files.readString(file);
    }

    private CellFileException readBroken(String json) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, json);
        try {
            CellParameterFile.read(file);
        } catch (CellFileException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            return e;
        }
        throw new AssertionError("expected the file to be refused");
    }

    @Test
    void reportsEveryFieldProblemWithItsPath() throws IOException {
        String json = valid().replace("\"capacity_ah\" : 2.9,", "")
                .replace("\"r0_ohm\"", "\"r0_ohms\"")
                .replace("\"hysteresis_rate\" : 40.0", "\"hysteresis_rate\" : \"fast\"");
        CellFileException e = readBroken(json);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo("$.capacity_ah: missing"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("$.r0_ohms: unknown field"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo("$.r0_ohm: missing"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("$.hysteresis_rate: must be a number"));
    }

    @Test
    void namesTheTableEntryThatIsWrong() throws IOException {
        String json = valid().replaceFirst("\"soc\" : \\[ 0\\.0, 0\\.5, 1\\.0 \\]", "\"soc\" : [ 0.0, 0.5, 0.4 ]");
        assertThat(readBroken(json).problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("$.ocv_v: soc grid must be strictly increasing"));
        String text = valid().replaceFirst("3\\.6", "\"x\"");
        assertThat(readBroken(text).problems())
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("$.ocv_v.values[0][1]: must be a number"));
    }

    @Test
    void carriesAnArrheniusTemperatureLawAndRefusesAnUnknownOne() throws IOException {
        CellParameters c = cell();
        SocTemperatureTable r0 = new SocTemperatureTable(
                new double[] {0, 1},
                new double[] {-10, 25},
                new double[][] {{0.09, 0.08}, {0.03, 0.025}},
                SocTemperatureTable.TemperatureLaw.ARRHENIUS);
        CellParameters arrhenius = new CellParameters(
                c.name(),
                new CellParameters.Charge(c.capacityAh(), c.coulombicEfficiency()),
                new CellParameters.VoltageWindow(c.minVoltageV(), c.maxVoltageV()),
                c.ocvV(),
                new CellParameters.Impedance(
                        r0,
                        new CellParameters.RcPair(c.r1Ohm(), c.tau1S()),
                        new CellParameters.RcPair(c.r2Ohm(), c.tau2S())),
                new CellParameters.Hysteresis(c.hysteresisV(), c.hysteresisRate()),
                c.noise());
        Path file = dir.resolve("arrhenius.json");
        CellParameterFile.write(file, arrhenius, null);
        assertThat(Files.readString(file)).containsOnlyOnce("\"temperature_law\" : \"arrhenius\"");
        CellParameters back = CellParameterFile.read(file).parameters();
        assertThat(back).isEqualTo(arrhenius);
        assertThat(back.r0Ohm().value(0.0, 5.0))
                .isCloseTo(arrhenius.r0Ohm().value(0.0, 5.0), within(1e-15))
                .isLessThan(0.06); // the law's 0.054, not the straight line's 0.064
        assertThat(back.ocvV().law()).isEqualTo(SocTemperatureTable.TemperatureLaw.LINEAR);
        String odd = Files.readString(file).replace("\"arrhenius\"", "\"cubic\"");
        assertThat(readBroken(odd).problems())
                .singleElement()
                .satisfies(
                        p -> assertThat(p).startsWith("$.r0_ohm.temperature_law: must be \"linear\" or \"arrhenius\""));
    }

    @Test
    void modelLevelChecksAreReported() throws IOException {
        String json = valid().replace("\"coulombic_efficiency\" : 0.999", "\"coulombic_efficiency\" : 1.5");
        assertThat(readBroken(json).getMessage()).contains("coulombic_efficiency must be in (0, 1]");
    }

    @Test
    void refusesANewerFormatOrAnotherFormat() throws IOException {
        assertThat(readBroken(valid().replace("\"format_version\" : 1", "\"format_version\" : 7"))
                        .getMessage())
                .contains("$.format_version")
                .contains("upgrade");
        assertThat(readBroken(valid().replace("healbms-cell", "other")).getMessage())
                .contains("$.format: must be");
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws IOException {
        CellFileException e = readBroken("{\n  \"name\": \"x\",\n  \"capacity_ah\": 2.9,,\n}");
        assertThat(e.getMessage()).contains("line 3, column").contains("not valid JSON");
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path file = dir.resolve("keep.json");
        Files.writeString(file, "old");
        // A directory where the file should be renamed cannot be replaced by a file: the move fails.
        Path blocked = dir.resolve("blocked.json");
        Files.createDirectories(blocked.resolve("inside"));
        assertThatThrownBy(() -> CellParameterFile.write(blocked, cell(), null)).isInstanceOf(IOException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("keep.json", "blocked.json");
    }
}
