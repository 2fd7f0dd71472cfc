package org.healbms.firmware.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void recordsSurviveReopeningAndPageInOrder() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.append("fault raised CELL_OVERVOLTAGE")).isEqualTo(1);
            assertThat(log.append("state NORMAL -> FAULT\nsecond line")).isEqualTo(2);
            assertThat(log.append("heater off")).isEqualTo(3);
        }
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.warnings()).isEmpty();
            assertThat(log.size()).isEqualTo(3);
            assertThat(log.page(1, 5)).extracting(AuditLog.Entry::sequence).containsExactly(2L, 3L);
            assertThat(log.page(1, 1).getFirst().text()).isEqualTo("state NORMAL -> FAULT\nsecond line");
            assertThat(log.append("after restart")).isEqualTo(4);
        }
        assertThat(Files.readAllLines(file)).hasSize(4);
    }

    @Test
    void aTornLastRecordIsCutOffAndAppendsGoOnAfterTheLastGoodOne() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file)) {
            log.append("one");
            log.append("two");
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3)); // power lost in the middle of "two"
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.size()).isEqualTo(1);
            assertThat(log.warnings()).singleElement().satisfies(w -> assertThat(w).contains("audit.log:2: torn last record"));
            assertThat(log.append("three")).isEqualTo(2);
        }
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.warnings()).isEmpty();
            assertThat(log.page(0, 10)).extracting(AuditLog.Entry::text).containsExactly("one", "three");
        }
    }

    @Test
    void aDamagedRecordInTheMiddleIsSkippedAndNamed() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file)) {
            log.append("alpha");
            log.append("beta");
            log.append("gamma");
        }
        String text = Files.readString(file).replace("beta", "bета");
        Files.writeString(file, text);
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.page(0, 10)).extracting(AuditLog.Entry::text).containsExactly("alpha", "gamma");
            assertThat(log.warnings()).singleElement().satisfies(w -> assertThat(w).contains("audit.log:2: damaged record"));
            assertThat(log.append("delta")).isEqualTo(4);
        }
    }

    /**
     * Past 1 MB the file rotates (audit.log.1 .. .4, the oldest deleted), the paging index still
     * reaches every record held, in order, from memory and from the files, also after reopening.
     */
    @Test
    void theLogRotatesAtItsSizeLimitAndPagesAcrossFiles() throws Exception {
        Path file = dir.resolve("audit.log");
        String text = "x".repeat(400);
        int records = (int) (6.5 * AuditLog.FILE_BYTES / 420);
        try (AuditLog log = new AuditLog(file)) {
            for (int i = 1; i <= records; i++) {
                log.append(i + " " + text);
                if (i % 400 == 0) {
                    log.flush(); // the queue holds 512: a real firmware appends a few records a minute
                }
            }
            log.flush();
            assertPagesInOrder(log, records);
        }
        long onDisk = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                assertThat(p.getFileName().toString()).matches("audit\\.log(\\.[1-4])?");
                onDisk += Files.size(p);
            }
        }
        assertThat(onDisk).isLessThanOrEqualTo(5 * AuditLog.FILE_BYTES + 2000);
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.warnings()).isEmpty();
            assertPagesInOrder(log, records);
            assertThat(log.append("after reopening")).isEqualTo(records + 1L);
        }
    }

    /** Every page of 100 from the oldest held to the newest: consecutive, ending at the last record. */
    private static void assertPagesInOrder(AuditLog log, int last) {
        int size = log.size();
        assertThat(size).isLessThan(last).isGreaterThan((int) (4 * AuditLog.FILE_BYTES / 420));
        long expected = last - size + 1;
        for (int from = 0; from < size; from += 100) {
            var page = log.page(from, 100);
            assertThat(page).hasSize(Math.min(100, size - from));
            for (AuditLog.Entry e : page) {
                assertThat(e.sequence()).isEqualTo(expected);
                assertThat(e.text()).startsWith(expected + " ");
                expected++;
            }
        }
        assertThat(expected).isEqualTo(last + 1L);
    }
}
