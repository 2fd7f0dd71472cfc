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
}
