package org.healbms.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.healbms.firmware.runtime.FirmwareSetup;
import org.healbms.firmware.runtime.VirtualRun;
import org.healbms.sim.board.BenchBoard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sense, decide, heal in the firmware `healbms run` builds (RunCommand.setup: the bench board, the
 * bundled cell and US06 recording): a rule that always fires starts a thermal activation on the cell
 * with a heater (two thermistors on it), skips the cell without one, and the interlocks stop the
 * heating because the cell's SoC is above the heating window (the emulated cells replay a trace that
 * starts full). Every step is in the audit log.
 *
 * <p>On the virtual clock: on the wall clock a loaded machine overran the loop, LOOP_OVERRUN derated
 * the pack, and that interlock stopped the heating first ("a protection fault is active").
 */
class RuleOnTheBenchTest {

    @TempDir
    Path dir;

    @Test
    void aRuleFiresAndTheInterlocksHaveTheLastWord() throws Exception {
        BenchBoard.writeTo(dir);
        Files.writeString(dir.resolve("rules.yaml"), """
                format: healbms-rules
                format_version: 1
                rules:
                  - id: heal-now
                    when: soc > 0.0 && temperature < 60.0
                    for_s: 2
                    action: {type: thermal_activation, target_degc: 45, hold_s: 60, max_rise_k_per_min: 3}
                    max_doses: 1
                """);
        Path config = dir.resolve("firmware.yaml");
        Files.writeString(
                config,
                "format: healbms-firmware\nformat_version: 1\nboard: board.yaml\nrules: rules.yaml\n"
                        + "state_dir: state\n");
        FirmwareSetup setup = RunCommand.setup(config, Files.createDirectories(dir.resolve("scratch")), null);
        try (VirtualRun run = new VirtualRun(
                setup, Instant.parse("2026-01-01T00:00:00Z"), new PrintWriter(new StringWriter(), true))) {
            run.runUntil(Duration.ofSeconds(12));
            run.stop();
        }
        String audit = Files.readString(dir.resolve("state/audit.log"));
        assertThat(audit)
                .contains(
                        "rule heal-now fired on cell 1",
                        "thermal activation of cell 1 started: target 45.0 degC",
                        "cell 2 has no heater",
                        "thermal activation of cell 1 aborted: SoC")
                .doesNotContain("LOOP_OVERRUN");
    }
}
