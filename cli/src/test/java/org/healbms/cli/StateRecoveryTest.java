package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware's saved state damaged, on the emulated 4-cell board on the wall clock: with both
 * slots unreadable it starts from defaults under a latched STATE_LOST (not a refusal to start, which
 * systemd would restart in a loop), keeps the damaged slots aside and says so in the audit log; a
 * fall-back to the older slot is in the audit log too.
 */
class StateRecoveryTest {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return EmulatedBench.config(dir, "soc_guess: 0.4\n");
    }

    private static JsonNode summary(CliRun r) throws Exception {
        return new ObjectMapper().readTree(r.lines().getLast());
    }

    @Test
    void withBothSlotsDamagedItStartsFromDefaultsUnderALatchedDiagnosisThatSurvivesARestart() throws Exception {
        Path config = config();
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("state.a"), "HEALBMS-SLOT 1 7 12 0000beef\n{\"cells\": [");
        Files.write(state.resolve("state.b"), new byte[0]);

        CliRun first = CliRun.of("run", "--config", config.toString(), "--duration", "2", "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("saved state lost");
        JsonNode out = summary(first);
        assertThat(out.get("active_faults").toString()).contains("state_lost");
        // From defaults: every cell's SoC near the configured guess (a couple of seconds of voltage
        // updates move it little against the wide prior).
        assertThat(out.get("cells")).hasSize(4);
        String audit = Files.readString(state.resolve("audit.log"));
        assertThat(audit)
                .contains(
                        "saved state lost (",
                        "state.a: record 7 is 11 bytes, its header says 12",
                        "state.b: empty (a save was cut off)",
                        "kept as state.a.damaged, state.b.damaged",
                        "no healing budget until STATE_LOST is acknowledged",
                        "fault raised STATE_LOST (DERATE)");
        assertThat(audit.indexOf("saved state lost")).isLessThan(audit.indexOf("started: board"));
        // Kept byte for byte, and a fresh state saved beside them.
        assertThat(Files.readString(state.resolve("state.a.damaged")))
                .isEqualTo("HEALBMS-SLOT 1 7 12 0000beef\n{\"cells\": [");
        assertThat(Files.size(state.resolve("state.b.damaged"))).isZero();
        assertThat(state.resolve("state.a")).exists();

        // Not acknowledged: a restart restores the new state and the diagnosis with it.
        CliRun second = CliRun.of("run", "--config", config.toString(), "--duration", "1", "--json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("restored state").contains("not acknowledged yet");
        assertThat(summary(second).get("active_faults").toString()).contains("state_lost");
    }

    /** The newest slot damaged: the older one is restored, and the audit log says which and why. */
    @Test
    void aFallBackToTheOlderSlotIsInTheAuditLog() throws Exception {
        Path config = config();
        CliRun first = CliRun.of("run", "--config", config.toString(), "--duration", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path state = dir.resolve("state");
        Path a = state.resolve("state.a");
        Path b = state.resolve("state.b");
        Path newest = sequence(a) > sequence(b) ? a : b;
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 2] ^= 0x20;
        Files.write(newest, bytes);

        CliRun second = CliRun.of("run", "--config", config.toString(), "--duration", "1", "--json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(summary(second).get("active_faults").toString()).doesNotContain("state_lost");
        String audit = Files.readString(state.resolve("audit.log"));
        assertThat(audit)
                .contains(
                        "state slot " + newest.getFileName() + " passed over (",
                        "fails its CRC-32C",
                        "from the other slot");
    }

    private static long sequence(Path slot) throws IOException {
        return Long.parseLong(
                Files.readString(slot, StandardCharsets.ISO_8859_1).split(" ")[2]);
    }
}
