package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The equivalent-circuit fit on the real 25 degC spectra of the Panasonic NCR18650PF (a test fixture). */
class EisFitCommandTest {

    @TempDir
    Path dir;

    @Test
    void fitsEveryRealSpectrumAndFindsTheOhmicResistance() throws Exception {
        Path csv = Path.of(getClass()
                .getResource("/traces/Kollmeyer__NCR18650PF__25degC_EIS.csv")
                .toURI());
        CliRun r = CliRun.of("eis-fit", csv.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.lines().getLast());
        JsonNode spectra = out.get("spectra");
        assertThat(spectra).hasSize(14);
        assertThat(out.get("median_relative_rms_error").asDouble()).isLessThan(0.02);
        assertThat(out.get("worst_relative_rms_error").asDouble()).isLessThan(0.03);
        for (JsonNode s : spectra) {
            // The high-frequency real-axis intercept of these spectra is 20-21.6 mOhm.
            assertThat(s.get("r0_ohm").asDouble())
                    .as(s.get("spectrum").asText())
                    .isBetween(0.0195, 0.022);
        }
        // Charge transfer grows towards empty, as it does in every lithium-ion cell.
        assertThat(spectra.get(13).get("r_ct_ohm").asDouble())
                .isGreaterThan(3 * spectra.get(9).get("r_ct_ohm").asDouble());
    }

    @Test
    void aMalformedSpectrumFileNamesTheLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(
                bad,
                "Spectrum,Frequency / Hz,Real Impedance / mOhm,Imaginary Impedance / mOhm\nA,1000,20.1,0.3\nA,800,x,0.1\n");
        CliRun r = CliRun.of("eis-fit", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("bad.csv:3")
                .contains("Real Impedance / mOhm")
                .contains("not a number: 'x'");
    }
}
