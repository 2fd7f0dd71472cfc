package org.healbms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.healbms.firmware.passport.BatteryPassSchema;
import org.healbms.firmware.passport.PassportArchive;
import org.healbms.firmware.passport.PassportFixture;
import org.healbms.firmware.passport.PassportJson;
import org.healbms.firmware.passport.SohDiary;
import org.healbms.firmware.persist.SlotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A state directory as the firmware leaves it: a state record with the passport in it. */
    private Path stateDir(boolean withPassport) throws Exception {
        Path state = Files.createTempDirectory(dir, "state");
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "healbms-state");
        root.put("format_version", 1);
        if (withPassport) {
            root.set("passport", PassportJson.write(PassportFixture.twoCells()));
        }
        new SlotStore(state, PassportArchive.STATE).save(JSON.writeValueAsBytes(root));
        return state;
    }

    @Test
    void thePacksDocumentWithTheDeclarationValidatesAgainstTheModel() throws Exception {
        Path state = stateDir(true);
        Path declared = Files.writeString(dir.resolve("declared.json"), PassportFixture.DECLARATION);
        Path out = dir.resolve("pass.json");
        CliRun run = CliRun.of(
                "passport", "--state-dir", state.toString(), "--declared", declared.toString(), "-o", out.toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        JsonNode document = JSON.readTree(Files.readString(out));
        assertThat(BatteryPassSchema.load().validate(document)).isEmpty();
        assertThat(document.at("/batteryCondition/capacityThroughput/capacityThroughputValue")
                        .asDouble())
                .isEqualTo(59);
    }

    @Test
    void withoutADeclarationTheDocumentGoesToStdoutAndWhatIsMissingIsNamed() throws Exception {
        CliRun run = CliRun.of("passport", "--state-dir", stateDir(true).toString(), "--cell", "2");
        assertThat(run.exitCode()).as("written but incomplete").isEqualTo(3);
        JsonNode document = JSON.readTree(run.out());
        assertThat(document.at("/batteryCondition/stateOfCharge/stateOfChargeValue")
                        .asDouble())
                .isEqualTo(70.0);
        assertThat(document.has("batteryTechicalProperties")).isTrue();
        assertThat(run.err())
                .startsWith("healbms passport: incomplete: 19 attributes the model requires")
                .contains("batteryTechicalProperties.ratedEnergy", "batteryCondition.currentSelfDischargingRate");
    }

    /** End to end: the firmware runs on the emulated bench for 3 s, then the passport is read from its state. */
    @Test
    void thePassportOfARunningFirmwaresStateValidates() throws Exception {
        Path config = EmulatedBench.config(dir, "");
        CliRun run = CliRun.of("run", "--config", config.toString(), "--duration", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path declared = Files.writeString(dir.resolve("declared.json"), PassportFixture.DECLARATION);
        CliRun passport = CliRun.of(
                "passport", "--state-dir", dir.resolve("state").toString(), "--declared", declared.toString());
        assertThat(passport.exitCode()).as(passport.err()).isZero();
        JsonNode document = JSON.readTree(passport.out());
        assertThat(BatteryPassSchema.load().validate(document)).isEmpty();
        assertThat(document.at("/batteryCondition/capacityThroughput/capacityThroughputValue")
                        .asDouble())
                .as("the emulated cells follow a drive cycle")
                .isPositive();
        assertThat(document.at("/batteryCondition/internalResistanceIncrease")).hasSize(5);
        CliRun history =
                CliRun.of("passport", "--state-dir", dir.resolve("state").toString(), "--soh-history");
        assertThat(JSON.readTree(history.out()).get("days")).hasSize(1);
    }

    @Test
    void theDailySohHistoryComesFromTheDiary() throws Exception {
        Path state = stateDir(true);
        SohDiary diary = SohDiary.open(state, 2, new ArrayList<>());
        diary.note(20_454, PassportFixture.twoCells());
        diary.note(20_455, PassportFixture.twoCells());
        CliRun run = CliRun.of("passport", "--state-dir", state.toString(), "--soh-history", "--cell", "2");
        assertThat(run.exitCode()).isZero();
        JsonNode history = JSON.readTree(run.out());
        assertThat(history.get("days"))
                .extracting(d -> d.get("date").asText())
                .containsExactly("2026-01-01", "2026-01-02");
        assertThat(history.at("/days/0/cells")).hasSize(1);
        assertThat(history.at("/days/0/cells/0/resistance_scale").asDouble()).isCloseTo(1.1, within(1e-3));
        Path none = Files.createTempDirectory(dir, "none");
        assertThat(CliRun.of("passport", "--state-dir", none.toString(), "--soh-history")
                        .err())
                .contains(none.resolve("soh-daily.bin") + ": no SoH diary");
    }

    @Test
    void aMissingOrDamagedStateDirectorySaysWhichFileAndWhy() throws Exception {
        Path missing = dir.resolve("nowhere");
        CliRun run = CliRun.of("passport", "--state-dir", missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("healbms passport: " + missing + ": no such state directory\n");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(CliRun.of("passport", "--state-dir", empty.toString()).err())
                .contains(empty.resolve("state.a") + ", " + empty.resolve("state.b") + ": no saved state");

        Path old = stateDir(false);
        assertThat(CliRun.of("passport", "--state-dir", old.toString()).err())
                .contains(old.resolve("state.a") + " (record 1): no passport in it");

        Files.writeString(old.resolve("state.a"), "HEALBMS-SLOT 1 1 3 0000\nabc");
        Files.writeString(old.resolve("state.b"), "");
        CliRun damaged = CliRun.of("passport", "--state-dir", old.toString());
        assertThat(damaged.exitCode()).isEqualTo(2);
        assertThat(damaged.err())
                .contains(
                        old.resolve("state.a") + ": record 1 fails its CRC-32C",
                        old.resolve("state.b") + ": empty (a save was cut off)");

        Path cellTooFar = stateDir(true);
        assertThat(CliRun.of("passport", "--state-dir", cellTooFar.toString(), "--cell", "5")
                        .err())
                .isEqualTo("healbms passport: --cell 5: the pack has cells 1..2\n");
    }
}
