package org.healbms.firmware.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
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

    /**
     * A full card stops nothing: appends go on without an exception or a wait, records are held in
     * memory (bounded: a flood loses records, counted), the failure is visible for the diagnosis, and
     * once the card takes writes again everything held is written in order and the gap is logged.
     */
    @Test
    void aCardThatTakesNoWritesHoldsRecordsBoundedAndRecovers() throws Exception {
        Path file = dir.resolve("audit.log");
        FullCard card = new FullCard();
        try (AuditLog log = new AuditLog(file, card)) {
            log.append("before");
            log.flush();
            card.full.set(true);
            assertThat(log.append("while full 1")).isEqualTo(2);
            assertThat(log.append("while full 2")).isEqualTo(3);
            await(() -> log.writeFailure().isPresent());
            assertThat(log.writeFailure().orElseThrow()).hasMessageContaining("No space left on device");
            assertThatThrownBy(log::flush).hasMessageContaining("No space left on device");
            assertThat(log.page(0, 10))
                    .extracting(AuditLog.Entry::text)
                    .containsExactly("before", "while full 1", "while full 2");
            int refused = 0;
            for (int i = 0; i < 4 * AuditLog.QUEUE_RECORDS; i++) {
                refused += log.append("flood " + i) < 0 ? 1 : 0;
            }
            assertThat(refused)
                    .as("records beyond the queue are lost, not held")
                    .isGreaterThan(0);
            assertThat(log.size()).isLessThanOrEqualTo(1 + 2 + AuditLog.QUEUE_RECORDS);
            assertThat(Files.readAllLines(file)).hasSize(1);

            card.full.set(false);
            await(() -> log.writeFailure().isEmpty());
            log.flush();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(String.join("\n", lines))
                .contains(
                        "while full 1",
                        "while full 2",
                        "flood 0",
                        "the audit log is written again after",
                        "audit records lost");
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.warnings()).isEmpty();
            assertThat(log.page(0, log.size()))
                    .extracting(AuditLog.Entry::sequence)
                    .isEqualTo(LongStream.rangeClosed(1, log.size()).boxed().toList());
        }
    }

    /**
     * A card that takes no writes from the start (read-only, full) does not keep the log from opening:
     * what the files hold reads back, appends are held in memory with the failure visible for the
     * diagnosis, and once the card takes writes the log opens its file, cuts the torn tail left by a
     * power loss, and writes what it held after the last good record.
     */
    @Test
    void aCardThatTakesNoWritesAtOpeningStillOpensTheLog() throws Exception {
        Path file = tornLog();
        FullCard card = new FullCard();
        card.full.set(true);
        try (AuditLog log = new AuditLog(file, card)) {
            assertThat(log.writeFailure().orElseThrow()).hasMessageContaining("No space left on device");
            assertThat(log.warnings())
                    .singleElement()
                    .satisfies(w -> assertThat(w).contains("torn last record"));
            assertThat(log.append("held")).isEqualTo(2);
            assertThat(log.page(0, 10)).extracting(AuditLog.Entry::text).containsExactly("one", "held");
            Thread.sleep(2 * AuditLog.RETRY_MS);
            assertThat(log.writeFailure()).isPresent();
            card.full.set(false);
            await(() -> log.writeFailure().isEmpty());
            log.flush();
        }
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.warnings()).isEmpty();
            assertThat(log.page(0, 10))
                    .extracting(AuditLog.Entry::text)
                    .startsWith("one", "held")
                    .anySatisfy(t -> assertThat(t).startsWith("the audit log is written again after"));
        }
    }

    /** A log of "one" and "two" whose power was lost in the middle of writing "two". */
    private Path tornLog() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = new AuditLog(file)) {
            log.append("one");
            log.append("two");
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        return file;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndAppendsGoOnAfterTheLastGoodOne() throws Exception {
        Path file = tornLog();
        try (AuditLog log = new AuditLog(file)) {
            assertThat(log.size()).isEqualTo(1);
            assertThat(log.warnings())
                    .singleElement()
                    .satisfies(w -> assertThat(w).contains("audit.log:2: torn last record"));
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
            assertThat(log.warnings())
                    .singleElement()
                    .satisfies(w -> assertThat(w).contains("audit.log:2: damaged record"));
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
