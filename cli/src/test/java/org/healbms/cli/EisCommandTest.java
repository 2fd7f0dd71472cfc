package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EisCommandTest {

    @TempDir
    Path dir;

    /** A sweep through the emulated AD5941 sees the emulated cell: ohmic resistance at 1 kHz, more below. */
    @Test
    void sweepsTheBoardsImpedanceFrontEndOnDemand() throws Exception {
        Path board = dir.resolve("eis.board.yaml");
        Files.writeString(board, """
                format: healbms-board
                format_version: 1
                name: eis-bench
                cells: 0
                devices:
                  - id: eis
                    type: ad5941
                    spi: {bus: 0, chip_select: 2, clock_hz: 1000000}
                    cell: 1
                """);
        CliRun r = CliRun.of("eis", "--board", board.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.lines().getLast());
        JsonNode points = out.get("points");
        assertThat(points).hasSize(20);
        assertThat(points.get(0).get("frequency_hz").asDouble()).isBetween(0.99, 1.01);
        // The emulated 18650: 18 mOhm ohmic (plus 2 mOhm of its SEI arc at 1 kHz), 12 mOhm charge
        // transfer, a Warburg tail below.
        assertThat(points.get(19).get("real_ohm").asDouble()).isBetween(0.019, 0.021);
        assertThat(points.get(0).get("real_ohm").asDouble()).isGreaterThan(0.029);
        assertThat(points.get(5).get("imag_ohm").asDouble()).isNegative(); // capacitive
        assertThat(out.get("cell").asInt()).isEqualTo(1);
    }

    @Test
    void aBoardWithoutAnImpedanceFrontEndIsAClearError() throws Exception {
        Path board = dir.resolve("none.board.yaml");
        Files.writeString(board, "format: healbms-board\nformat_version: 1\nname: bare\ncells: 0\ndevices: []\n");
        CliRun r = CliRun.of("eis", "--board", board.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bare: no ad5941 device");
    }
}
