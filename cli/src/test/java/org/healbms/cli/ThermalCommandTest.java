package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.healbms.io.cell.ThermalModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thermal model on the bundled real US06 trace: the surface is explained within half a kelvin. */
class ThermalCommandTest {

    @TempDir
    Path dir;

    @Test
    void fitsTheSurfaceTemperatureOfARealDriveCycle() throws Exception {
        Path trace = CliRun.bundled(dir, "Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz");
        CliRun.bundled(dir, "Kollmeyer__NCR18650PF__25degC_US06.bdf.metadata.json");
        Path model = dir.resolve("ncr18650pf.thermal.json");
        CliRun r = CliRun.of(
                "thermal",
                "--cell",
                CliRun.bundled(dir, "NCR18650PF_25degC.cell.json").toString(),
                trace.toString(),
                "-o",
                model.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher m = Pattern.compile("open-loop surface RMSE ([0-9.]+) K.*core up to ([0-9.]+) K above")
                .matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isLessThan(0.5);
        // The core runs warmer than the can under US06, by a few kelvin, not tens.
        assertThat(Double.parseDouble(m.group(2))).isBetween(0.5, 8.0);
        // The fitted model is written for the firmware: the given core, the fitted surface.
        var written = ThermalModelFile.read(model);
        assertThat(written.model().coreHeatCapacityJPerK()).isEqualTo(40.0);
        assertThat(written.model().surfaceToAmbientKPerW()).isBetween(0.5, 50.0);
    }
}
