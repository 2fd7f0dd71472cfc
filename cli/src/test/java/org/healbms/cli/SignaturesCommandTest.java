package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detectors on the bundled real US06 trace of a healthy cell: nothing fires. */
class SignaturesCommandTest {

    @TempDir
    Path dir;

    @Test
    void aHealthyCellsDriveCycleRaisesNoSignature() throws Exception {
        Path trace = CliRun.bundled(dir, "Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz");
        CliRun.bundled(dir, "Kollmeyer__NCR18650PF__25degC_US06.bdf.metadata.json");
        Path cell = CliRun.bundled(dir, "NCR18650PF_25degC.cell.json");
        CliRun r = CliRun.of("signatures", "--cell", cell.toString(), trace.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.lines().getLast());
        assertThat(out.get("hours").asDouble()).isBetween(1.3, 1.4);
        assertThat(out.get("signatures").asInt()).isZero();
    }

    @Test
    void anUnknownDetectorIsRefusedByName() throws Exception {
        Path cell = CliRun.bundled(dir, "NCR18650PF_25degC.cell.json");
        CliRun r = CliRun.of("signatures", "--cell", cell.toString(), "--detectors", "swelling", cell.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown detector 'swelling'");
    }
}
