package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.healbms.firmware.persist.StateDirectoryLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code healbms run}'s refusals against a state directory: a second instance on a directory that a
 * live firmware holds is refused (exit 2, before the state is touched), while a directory that takes
 * no writes is no refusal (a systemd unit would restart-loop with the pack unwatched): the firmware
 * runs without persistence.
 */
class FirmwareRunTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(FirmwareSetup setup) throws Exception {
        return FirmwareRun.run(
                setup,
                Duration.ofSeconds(1),
                false,
                new PrintWriter(err, true),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenRunsWithoutPersistence() throws Exception {
        FirmwareSetup setup = new VirtualBench(dir)
                .unwritableStateDir()
                .plant(0, 3.62, 0, 25)
                .plant(600, 3.62, 0, 25)
                .setup();
        assertThat(run(setup)).as(err::toString).isZero();
        assertThat(err.toString())
                .contains("the state directory", "cannot be written", "protection runs without persistence")
                .doesNotContain("in use by another");
        assertThat(out.toString(StandardCharsets.UTF_8)).isNotBlank(); // the run's summary
    }

    @Test
    void aStateDirectoryHeldByAnotherFirmwareIsRefused() throws Exception {
        VirtualBench bench = new VirtualBench(dir).plant(0, 3.62, 0, 25).plant(600, 3.62, 0, 25);
        FirmwareSetup setup = bench.setup();
        try (StateDirectoryLock held =
                StateDirectoryLock.tryAcquire(bench.stateDir()).orElseThrow()) {
            assertThat(run(setup)).isEqualTo(2);
        }
        assertThat(err.toString()).contains("is in use by another healbms run", "one firmware per state directory");
        assertThat(bench.stateDir().resolve("audit.log"))
                .as("refused before the state is touched")
                .doesNotExist();
    }
}
