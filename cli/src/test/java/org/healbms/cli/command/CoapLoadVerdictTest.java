package org.healbms.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.healbms.drivers.acquisition.LoopStatistics;
import org.junit.jupiter.api.Test;

class CoapLoadVerdictTest {

    @Test
    void aRunThatKeptEveryDeadlinePassesSilently() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(CoapLoadCommand.verdict(new LoopStatistics(200, 0, 3_000_000), new PrintStream(err)))
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aFailedRunSaysHowManyDeadlinesItMissedAndByHowMuch() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CoapLoadCommand.verdict(
                new LoopStatistics(200, 3, 117_400_000), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("missed 3 deadline(s)")
                .contains("worst lateness 117.4 ms");
    }
}
