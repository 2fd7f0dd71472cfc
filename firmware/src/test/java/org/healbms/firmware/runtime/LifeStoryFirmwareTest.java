package org.healbms.firmware.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.healbms.core.life.EventCount;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.firmware.passport.PassportArchive;
import org.healbms.firmware.passport.SohDiary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life story in the whole firmware on its virtual clock: counted tick by tick, saved with the
 * state, continued after a restart, after a damaged newest slot from the other one, and marked when
 * both slots are lost.
 */
class LifeStoryFirmwareTest {

    @TempDir
    Path dir;

    /** 15 s at 1 A, then 10 s at 4.25 V per cell (over the 4.2 V limit, and tripping CELL_OVERVOLTAGE). */
    private VirtualBench bench() {
        return new VirtualBench(dir)
                .plant(0, 3.62, 0, 25)
                .plant(5, 3.70, 1.0, 25)
                .plant(20, 4.25, 0, 25)
                .plant(30, 3.62, 0, 25)
                .plant(600, 3.62, 0, 25);
    }

    private static void runFor(VirtualBench bench, double seconds) throws Exception {
        try (VirtualRun run = bench.start()) {
            run.runUntil(Duration.ofMillis(Math.round(seconds * 1000)));
            run.stop();
        }
    }

    @Test
    void theStoryCountsChargeOverchargesAndFaultsAndARestartGoesOnFromIt() throws Exception {
        VirtualBench bench = bench();
        runFor(bench, 40);
        LifeStoryRecord first =
                PassportArchive.read(bench.stateDir()).passport().story();
        assertThat(first.pack().chargeAh()).as("15 s at 1 A").isCloseTo(15.0 / 3600, within(0.2 / 3600));
        assertThat(first.pack().dischargeAh()).isCloseTo(0, within(1e-4));
        assertThat(first.cells().get(0).chargeKWh()).as("at 3.70 V").isCloseTo(15.0 / 3600 * 3.70 / 1000, within(1e-6));
        assertThat(first.pack().overcharges().count()).isEqualTo(1);
        assertThat(first.cells())
                .allSatisfy(c -> assertThat(c.overcharges().count()).isEqualTo(1));
        assertThat(first.faults()).containsOnlyKeys("CELL_OVERVOLTAGE");
        assertThat(first.faults().get("CELL_OVERVOLTAGE").count()).isEqualTo(1);
        assertThat(first.operatingS()).isCloseTo(40, within(0.2));
        assertThat(first.historyLost()).isEqualTo(EventCount.NONE);
        SohDiary.Contents diary = SohDiary.read(bench.stateDir().resolve(SohDiary.FILE));
        assertThat(diary.days())
                .as("one point for the day")
                .extracting(SohDiary.Day::epochDay)
                .containsExactly(VirtualBench.START.toEpochMilli() / 86_400_000L);
        assertThat(diary.days().getFirst().cells()).hasNumberOfRows(4);

        runFor(bench, 10); // the plant starts again: 5 s at 1 A
        LifeStoryRecord second =
                PassportArchive.read(bench.stateDir()).passport().story();
        assertThat(second.firstEpochMs()).as("from the first power-on").isEqualTo(first.firstEpochMs());
        assertThat(second.pack().chargeAh()).isCloseTo(first.pack().chargeAh() + 5.0 / 3600, within(0.2 / 3600));
        assertThat(second.pack().overcharges()).isEqualTo(first.pack().overcharges());
        assertThat(second.faults()).isEqualTo(first.faults());
        assertThat(second.operatingS()).isCloseTo(first.operatingS() + 10, within(0.2));
    }

    @Test
    void aDamagedNewestSlotGivesTheStoryOfTheOtherOne() throws Exception {
        VirtualBench bench = bench();
        runFor(bench, 12);
        PassportArchive.Read newest = PassportArchive.read(bench.stateDir());
        Files.write(newest.slot(), "HEALBMS-SLOT 1 99 4 00000000\ngarb".getBytes());
        PassportArchive.Read older = PassportArchive.read(bench.stateDir());
        assertThat(older.sequence()).isEqualTo(newest.sequence() - 1);
        assertThat(older.warnings())
                .singleElement()
                .asString()
                .contains(newest.slot().getFileName().toString(), "fails its CRC-32C");
        assertThat(older.passport().story().pack().chargeAh())
                .isPositive()
                .isLessThanOrEqualTo(newest.passport().story().pack().chargeAh());
        try (VirtualRun run = bench.start()) {
            run.tick(); // the first tick saves, and counts nothing yet
            LifeStoryRecord restored = run.firmware().passport().story();
            assertThat(restored.pack().chargeAh())
                    .isEqualTo(older.passport().story().pack().chargeAh());
            assertThat(restored.firstEpochMs())
                    .isEqualTo(older.passport().story().firstEpochMs());
            assertThat(restored.historyLost()).isEqualTo(EventCount.NONE);
        }
    }

    @Test
    void bothSlotsLostStartTheStoryAgainAndSaySo() throws Exception {
        VirtualBench bench = bench();
        runFor(bench, 3);
        for (String slot : new String[] {"state.a", "state.b"}) {
            Files.writeString(bench.stateDir().resolve(slot), "not a slot");
        }
        try (VirtualRun run = bench.start()) {
            run.tick();
            LifeStoryRecord story = run.firmware().passport().story();
            assertThat(story.historyLost().count()).isEqualTo(1);
            assertThat(story.historyLost().lastEpochMs()).isEqualTo(VirtualBench.START.toEpochMilli());
            assertThat(story.pack().chargeAh()).isZero();
        }
    }
}
