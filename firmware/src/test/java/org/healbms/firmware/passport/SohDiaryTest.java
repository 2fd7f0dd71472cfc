package org.healbms.firmware.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.healbms.core.life.LifeStoryRecord;
import org.healbms.core.life.Throughput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SohDiaryTest {

    private static final long DAY = 20_454; // 2026-01-01

    @TempDir
    Path dir;

    @Test
    void oneRecordADayEachCellsHealthInHalfPrecision() throws Exception {
        List<String> warnings = new ArrayList<>();
        SohDiary diary = SohDiary.open(dir, 2, warnings);
        Passport p = PassportFixture.twoCells();
        assertThat(diary.note(DAY, p)).isTrue();
        assertThat(diary.note(DAY, p)).as("the day has its point").isFalse();
        assertThat(diary.note(DAY + 1, p)).isTrue();
        SohDiary.Contents c = SohDiary.read(dir.resolve(SohDiary.FILE));
        assertThat(warnings).isEmpty();
        assertThat(c.damaged()).isEmpty();
        assertThat(c.days()).extracting(SohDiary.Day::epochDay).containsExactly(DAY, DAY + 1);
        float[] cell1 = c.days().getFirst().cells()[0];
        assertThat(cell1[0]).as("capacity fraction").isCloseTo((float) (2.755 / 2.9), within(5e-4f));
        assertThat(cell1[1]).isCloseTo((float) (0.029 / 2.9), within(1e-5f));
        assertThat(cell1[2]).as("resistance scale").isCloseTo(1.2f, within(1e-3f));
        assertThat(c.days().getFirst().cells()[1][2]).isCloseTo(1.1f, within(1e-3f));
        // Reopened (a restart): today is already written.
        assertThat(SohDiary.open(dir, 2, warnings).note(DAY + 1, p)).isFalse();
    }

    @Test
    void theFileNeverGrowsPastTenYearsAndACutOffRecordIsSkippedAndNamed() throws Exception {
        SohDiary diary = SohDiary.open(dir, 2, new ArrayList<>());
        Passport p = PassportFixture.twoCells();
        diary.note(DAY, p);
        diary.note(DAY + 1, p);
        long last = DAY + SohDiary.DAYS - 1 - Math.floorMod(DAY, SohDiary.DAYS);
        diary.note(last, p); // the ring's last slot: the file's full size
        long full = Files.size(dir.resolve(SohDiary.FILE));
        assertThat(full).isEqualTo(16 + SohDiary.DAYS * (8 + 8 * 2 + 4L));
        diary.note(DAY + SohDiary.DAYS, p); // ten years on: overwrites the first day
        assertThat(Files.size(dir.resolve(SohDiary.FILE))).isEqualTo(full);
        try (RandomAccessFile f =
                new RandomAccessFile(dir.resolve(SohDiary.FILE).toFile(), "rw")) {
            long slot = Math.floorMod(DAY + 1, SohDiary.DAYS);
            f.seek(16 + slot * 28 + 10);
            f.write(0x55);
        }
        SohDiary.Contents c = SohDiary.read(dir.resolve(SohDiary.FILE));
        assertThat(c.days()).extracting(SohDiary.Day::epochDay).containsExactly(last, DAY + SohDiary.DAYS);
        assertThat(c.damaged())
                .singleElement()
                .asString()
                .contains("slot " + Math.floorMod(DAY + 1, SohDiary.DAYS), "fails its CRC-32C");
    }

    @Test
    void anotherPacksDiaryIsSetAsideNotOverwritten() throws Exception {
        SohDiary.open(dir, 3, new ArrayList<>()).note(DAY, withCells(3));
        List<String> warnings = new ArrayList<>();
        SohDiary diary = SohDiary.open(dir, 2, warnings);
        assertThat(warnings).singleElement().asString().contains("a diary of 3 cells", "kept as soh-daily.bin.damaged");
        assertThat(SohDiary.read(dir.resolve("soh-daily.bin.damaged")).days()).hasSize(1);
        assertThat(dir.resolve(SohDiary.FILE))
                .as("the new diary is made by its first note")
                .doesNotExist();
        assertThat(diary.note(DAY + 1, withCells(2))).isTrue();
        assertThat(SohDiary.read(dir.resolve(SohDiary.FILE)).days())
                .extracting(SohDiary.Day::epochDay)
                .containsExactly(DAY + 1);
    }

    private static Passport withCells(int n) {
        Passport p = PassportFixture.twoCells();
        List<CellHealth> health = new ArrayList<>();
        List<Throughput> cells = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            health.add(p.health().getFirst());
            cells.add(p.story().cells().getFirst());
        }
        var r = p.ratings();
        var s = p.story();
        return new Passport(
                p.savedAtEpochMs(),
                new Ratings(
                        n, r.ratedCapacityAh(), r.minCellVoltageV(), r.maxCellVoltageV(), r.initialR0Ohm(), r.limits()),
                new LifeStoryRecord(
                        s.firstEpochMs(),
                        s.lastUpdateEpochMs(),
                        s.operatingS(),
                        s.pack(),
                        cells,
                        s.faults(),
                        s.historyLost()),
                health,
                p.healing(),
                p.healingTallies());
    }
}
