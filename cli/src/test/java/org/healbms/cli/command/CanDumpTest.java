package org.healbms.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.healbms.cli.HealBms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code healbms can dump} on the bundled emulated board: the firmware runs in the process, its frames decoded. */
class CanDumpTest {

    @TempDir
    Path dir;

    @Test
    void printsTheFirmwaresReportDecodedOncePerSecond() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HealBms());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute("can", "dump", "--duration", "3");
        assertThat(status).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text)
                .contains("351 [8] ")
                // CVL and DVL follow the pack: its voltage plus the fullest cell's headroom to 4.2 V (at most
                // 4 x 4.2 V), minus the emptiest cell's room above 2.5 V (at least 4 x 2.5 V).
                .containsPattern("limits: CVL 1[0-6]\\.[0-9] V, CCL ")
                .containsPattern("DVL 1[0-6]\\.[0-9] V")
                .contains("35A [8] ", "alarms: ")
                .contains("manufacturer 'HealBMS'")
                .contains("35F [6] 00 00 01 00 03 00")
                .containsPattern("356 \\[6\\] .* pack [0-9]+\\.[0-9]{2} V, -?[0-9]+\\.[0-9] A");
        assertThat(text.lines().filter(l -> l.contains(" 351 [8] ")).count()).isBetween(2L, 5L);
        assertThat(text.lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("can0: 351 x")
                .endsWith(" in 3.0 s");
    }

    @Test
    void aBoardWithoutCanIsRefusedNamingWhatToAdd() throws Exception {
        Path board = dir.resolve("board.yaml");
        try (var in = CanDumpTest.class.getResourceAsStream("/org/healbms/io/board/emulated-4s.board.yaml")) {
            Files.writeString(
                    board,
                    new String(in.readAllBytes())
                            .replace("can: {interface: can0, bitrate: 500000, protocol: victron}", ""));
        }
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HealBms());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("can", "dump", "--board", board.toString(), "--duration", "1"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("healbms can dump: board dev-4s has no CAN interface (can: {interface: can0");
    }
}
