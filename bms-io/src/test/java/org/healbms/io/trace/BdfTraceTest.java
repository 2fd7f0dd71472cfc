package org.healbms.io.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdfTraceTest {

    @TempDir
    Path dir;

    private static final List<String> LABELS =
            List.of(BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT, "Cell Note", "Hoop Strain / 1");

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(file, text);
        }
        return file;
    }

    private static void readAll(Path file, String... required) throws IOException {
        try (BdfReader r = BdfReader.open(file, required)) {
            while (r.next()) {
                // read to the end: errors surface on the row that has them
            }
        }
    }

    @Test
    void roundTripsNumbersGapsAndUnknownColumnsPlainAndGzip() throws IOException {
        for (String name : List.of("t.bdf.csv", "t.bdf.csv.gz")) {
            Path file = dir.resolve(name);
            try (BdfWriter w = BdfWriter.create(file, LABELS)) {
                w.row(List.of("0", "4.1", "-0.5", "first, with comma", "1.5e-4"));
                w.row(List.of("0.1", "4.0999", "-1.25", "", ""));
                w.row(new double[] {0.1, 3.5, Double.NaN, Double.NaN, -2.25e-5});
                w.commit();
            }
            try (BdfReader r = BdfReader.open(file, true, BdfLabels.TEST_TIME, BdfLabels.VOLTAGE)) {
                assertThat(r.labels()).isEqualTo(LABELS);
                assertThat(r.textLabels()).containsExactly("Cell Note");
                assertThat(r.next()).isTrue();
                assertThat(r.value(r.column(BdfLabels.CURRENT))).isEqualTo(-0.5);
                assertThat(r.text(r.column("Cell Note"))).isEqualTo("first, with comma");
                assertThat(r.value(r.column("Hoop Strain / 1"))).isEqualTo(1.5e-4);
                assertThat(r.fields()).containsExactly("0", "4.1", "-0.5", "first, with comma", "1.5e-4");
                assertThat(r.next()).isTrue();
                assertThat(r.value(r.column("Hoop Strain / 1"))).isNaN();
                assertThat(r.next()).isTrue();
                assertThat(r.line()).isEqualTo(4);
                assertThat(r.value(r.column(BdfLabels.CURRENT))).isNaN();
                assertThat(r.value(r.column("Hoop Strain / 1"))).isEqualTo(-2.25e-5);
                assertThat(r.next()).isFalse();
            }
        }
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("t.bdf.csv", "t.bdf.csv.gz");
    }

    /** A spreadsheet's UTF-8 byte-order mark is not part of the first label, plain or gzip. */
    @Test
    void aByteOrderMarkIsStripped() throws IOException {
        for (String name : List.of("bom.bdf.csv", "bom.bdf.csv.gz")) {
            Path file = write(name, "\uFEFFTest Time / s,Voltage / V\n0,4.1\n1,4.0\n");
            try (BdfReader r = BdfReader.open(file, BdfLabels.TEST_TIME)) {
                assertThat(r.labels().getFirst()).isEqualTo(BdfLabels.TEST_TIME);
                assertThat(r.next()).isTrue();
                assertThat(r.next()).isTrue();
                assertThat(r.next()).isFalse();
            }
        }
    }

    @Test
    void missingRequiredColumnNamesFileLineAndColumn() throws IOException {
        Path file = write("m.bdf.csv", "Test Time / s,Voltage / V\n0,4.1\n");
        assertThatThrownBy(() -> readAll(file, BdfLabels.TEST_TIME, BdfLabels.CURRENT))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("m.bdf.csv:1")
                .hasMessageContaining("'Current / A'")
                .hasMessageContaining("missing");
    }

    @Test
    void nonNumericCellNamesFileLineAndColumn() throws IOException {
        Path file = write("n.bdf.csv", "Test Time / s,Voltage / V,Current / A\n0,4.1,0\n1,4.1x,0\n");
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("n.bdf.csv:3")
                .hasMessageContaining("'Voltage / V'")
                .hasMessageContaining("'4.1x'")
                .satisfies(e -> {
                    TraceFormatException t = (TraceFormatException) e;
                    assertThat(t.line()).isEqualTo(3);
                    assertThat(t.column()).isEqualTo(BdfLabels.VOLTAGE);
                });
    }

    @Test
    void timeGoingBackwardsIsAnErrorButRepeatedTimeIsNot() throws IOException {
        Path repeated = write("r.bdf.csv", "Test Time / s,Voltage / V\n0,4.1\n1,4.1\n1,4.0\n2,4.0\n");
        readAll(repeated);
        Path backwards = write("b.bdf.csv", "Test Time / s,Voltage / V\n0,4.1\n1,4.1\n0.5,4.0\n");
        assertThatThrownBy(() -> readAll(backwards))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("b.bdf.csv:4")
                .hasMessageContaining("'Test Time / s'")
                .hasMessageContaining("backwards");
    }

    /** Rows are parsed ahead in batches: every row arrives once, in order, and a bad one after all before it. */
    @Test
    void rowsAcrossBatchesArriveInOrderAndAProblemAfterEveryRowBeforeIt() throws IOException {
        StringBuilder text = new StringBuilder("Test Time / s,Voltage / V,Cell Note\n");
        for (int k = 0; k < 3000; k++) {
            text.append(k)
                    .append(",4.")
                    .append(k % 997)
                    .append(",note ")
                    .append(k)
                    .append('\n');
        }
        Path good = write("good.bdf.csv.gz", text.toString());
        try (BdfReader r = BdfReader.open(good, BdfLabels.TEST_TIME)) {
            for (int k = 0; k < 3000; k++) {
                assertThat(r.next()).isTrue();
                assertThat(r.value(0)).isEqualTo(k);
                assertThat(r.text(2)).isEqualTo("note " + k);
                assertThat(r.line()).isEqualTo(k + 2);
            }
            assertThat(r.next()).isFalse();
            assertThat(r.next()).isFalse();
        }
        Path bad = write("bad.bdf.csv.gz", text.toString().replace("\n2000,", "\n2000x,"));
        try (BdfReader r = BdfReader.open(bad, BdfLabels.TEST_TIME)) {
            for (int k = 0; k < 2000; k++) {
                assertThat(r.next()).isTrue();
            }
            assertThatThrownBy(r::next)
                    .isInstanceOf(TraceFormatException.class)
                    .hasMessageContaining("bad.bdf.csv.gz:2002")
                    .hasMessageContaining("'2000x' is not a number");
        }
        // Closed before the end: the parsing thread stops and the file is released.
        try (BdfReader r = BdfReader.open(good, BdfLabels.TEST_TIME)) {
            assertThat(r.next()).isTrue();
        }
    }

    @Test
    void wrongFieldCountNamesTheLine() throws IOException {
        Path file = write("w.bdf.csv", "Test Time / s,Voltage / V\n0,4.1\n1,4.1,9\n");
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("w.bdf.csv:3")
                .hasMessageContaining("fields");
    }

    @Test
    void truncatedGzipNamesTheFileAndTheLastGoodLine() throws IOException {
        StringBuilder text = new StringBuilder("Test Time / s,Voltage / V,Current / A\n");
        for (int k = 0; k < 20000; k++) {
            text.append(k).append(",4.").append(k % 997).append(",-1.5\n");
        }
        Path whole = write("whole.bdf.csv.gz", text.toString());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.bdf.csv.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        // Inflated plainly, here, the cut file gives this many whole lines; the reader, inflating on a
        // thread of its own, must name the same last one (as the reader did when it inflated while parsing).
        long wholeLines = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(cut))) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                wholeLines += b == '\n' ? 1 : 0;
            }
        } catch (EOFException expected) {
            // the cut
        }
        assertThat(wholeLines).isBetween(2L, 20000L);
        assertThatThrownBy(() -> readAll(cut))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(cut + ":" + (wholeLines + 1) + ": the file is truncated or corrupt (Unexpected end of ZLIB"
                        + " input stream); the last complete row is line " + wholeLines);
    }

    /** A gzip trace, inflated on a thread of its own, reads as the same text written plain (no such thread). */
    @Test
    void aGzipTraceGivesTheRowsOfThePlainFile() throws IOException {
        StringBuilder text = new StringBuilder("Test Time / s,Voltage / V,Current / A,Cell Note\n");
        for (int k = 0; k < 30000; k++) {
            text.append(k / 10.0)
                    .append(',')
                    .append(k % 13 == 0 ? "" : String.format(Locale.ROOT, "%.5f", 3.0 + 1e-5 * (k % 99_991)))
                    .append(",-")
                    .append(k % 7919)
                    .append("e-3,")
                    .append(k % 1000 == 0 ? "\"step, " + k + "\"" : "")
                    .append('\n');
        }
        Path plain = write("same.bdf.csv", text.toString());
        Path gzip = write("same.bdf.csv.gz", text.toString());
        int rows = 0;
        try (BdfReader p = BdfReader.open(plain, true);
                BdfReader g = BdfReader.open(gzip, true)) {
            assertThat(g.labels()).isEqualTo(p.labels());
            while (p.next()) {
                assertThat(g.next()).isTrue();
                assertThat(g.line()).isEqualTo(p.line());
                for (int c = 0; c < 3; c++) {
                    assertThat(Double.doubleToRawLongBits(g.value(c)))
                            .as("line %d column %d", p.line(), c)
                            .isEqualTo(Double.doubleToRawLongBits(p.value(c)));
                }
                assertThat(g.fields()).isEqualTo(p.fields());
                rows++;
            }
            assertThat(g.next()).isFalse();
        }
        assertThat(rows).isEqualTo(30000);
    }

    /** The trace's reading threads (parsing, and inflating for gzip) that are alive. */
    private static List<String> threadsReading(Path file) {
        String name = file.getFileName().toString();
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.equals("trace reader " + name) || n.equals("trace inflater " + name))
                .sorted()
                .toList();
    }

    /** Descriptors this process has open on the file, where Linux shows them; -1 elsewhere. */
    private static long descriptorsOpen(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        Path real = file.toRealPath();
        try (Stream<Path> open = Files.list(fds)) {
            return open.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(real);
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    /** A caller that stops after a few rows of a long trace: closing ends both threads and releases the file. */
    @Test
    void closingAfterAFewRowsEndsTheReadingThreadsAndClosesTheFile() throws IOException {
        StringBuilder text = new StringBuilder("Test Time / s,Voltage / V,Current / A\n");
        for (int k = 0; k < 200_000; k++) {
            text.append(k).append(",4.").append(k % 997).append(",-1.5\n");
        }
        Path file = write("long-early.bdf.csv.gz", text.toString());
        try (BdfReader r = BdfReader.open(file, BdfLabels.TEST_TIME)) {
            for (int k = 0; k < 5; k++) {
                assertThat(r.next()).isTrue();
            }
            // The inflater is waiting for the parser to free a chunk, the parser for the caller to free a batch.
            assertThat(threadsReading(file))
                    .containsExactly("trace inflater " + file.getFileName(), "trace reader " + file.getFileName());
            assertThat(descriptorsOpen(file)).isIn(-1L, 1L);
            r.close();
            assertThat(threadsReading(file)).isEmpty();
            assertThat(descriptorsOpen(file)).isIn(-1L, 0L);
        }
    }

    /** A corrupt byte mid-file: a TraceFormatException naming the file and a line, and nothing left running. */
    @Test
    void aCorruptByteMidFileIsAnErrorNamingTheFileAndLine() throws IOException {
        StringBuilder text = new StringBuilder("Test Time / s,Voltage / V,Current / A\n");
        for (int k = 0; k < 100_000; k++) {
            text.append(k).append(",4.").append(k % 997).append(",-1.5\n");
        }
        byte[] gz = Files.readAllBytes(write("fine.bdf.csv.gz", text.toString()));
        gz[gz.length / 2] ^= 0x5a;
        Path bad = dir.resolve("flipped.bdf.csv.gz");
        Files.write(bad, gz);
        try (BdfReader r = BdfReader.open(bad, BdfLabels.TEST_TIME)) {
            assertThatThrownBy(() -> {
                        while (r.next()) {
                            // up to the corrupt byte
                        }
                    })
                    .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                        assertThat(e.line()).isGreaterThan(2);
                        assertThat(e.getMessage()).startsWith(bad + ":" + e.line() + ":");
                    });
        }
        assertThat(threadsReading(bad)).isEmpty();
    }

    @Test
    void abandonedWriteLeavesNothingAndKeepsTheOldFile() throws IOException {
        Path file = write("keep.bdf.csv", "Test Time / s\n0\n");
        try (BdfWriter w = BdfWriter.create(file, List.of(BdfLabels.TEST_TIME, BdfLabels.VOLTAGE))) {
            w.row(new double[] {0, 4.2});
            assertThatThrownBy(() -> w.row(new double[] {1})).isInstanceOf(IllegalArgumentException.class);
            // no commit: the writer is abandoned, as it would be after any exception
        }
        assertThat(Files.readString(file)).isEqualTo("Test Time / s\n0\n");
        assertThat(dir.toFile().list()).containsExactly("keep.bdf.csv");
    }

    @Test
    void readsTheRealC20TestAndItsMetadata() throws IOException, URISyntaxException {
        Path file = Path.of(getClass()
                .getResource("/traces/Kollmeyer__NCR18650PF__25degC_C20_OCV.bdf.csv.gz")
                .toURI());
        TraceColumns c = TraceColumns.load(
                file,
                List.of(BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT),
                List.of(BdfLabels.NET_CAPACITY, BdfLabels.POWER));
        assertThat(c.rows()).isEqualTo(2453);
        assertThat(c.get(BdfLabels.VOLTAGE)[0]).isEqualTo(4.18398);
        assertThat(c.logged(BdfLabels.POWER)).isFalse();
        double minCharge = Arrays.stream(c.get(BdfLabels.NET_CAPACITY)).min().orElseThrow();
        assertThat(minCharge).isCloseTo(-2.997, within(0.001));
        TraceMetadata m = c.metadata().orElseThrow();
        assertThat(m.startSoc().getAsDouble()).isEqualTo(1.0);
        assertThat(m.referenceCapacityAh().getAsDouble()).isEqualTo(2.995);
        assertThat(m.license()).contains("CC BY 4.0");
    }

    /** Replay reads millions of rows: a row must cost no objects, only the reader's fixed buffers. */
    @Test
    void readingARowAllocatesNothing() throws IOException, InterruptedException {
        Path file = dir.resolve("long.bdf.csv.gz");
        int rows = 50_000;
        try (BdfWriter w = BdfWriter.create(
                file,
                List.of(BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT, BdfLabels.SURFACE_TEMPERATURE_T1))) {
            // As a tester logs them: a few decimals. Full-precision doubles (17 digits) take FastDoubleParser's
            // path, which allocates until C2 has inlined it (DecimalField).
            for (int k = 0; k < rows; k++) {
                w.row(List.of(
                        String.format(Locale.ROOT, "%.3f", 0.1 * k),
                        String.format(Locale.ROOT, "%.5f", 3.7 + 1e-5 * (k % 1000)),
                        String.format(Locale.ROOT, "%.5f", -2.5 + 1e-3 * (k % 97)),
                        "25.25"));
            }
            w.commit();
        }
        // Measured in a JVM of its own: whether the JIT scalar-replaces the parser's short-lived objects
        // depends on the call profile, and the other test classes' readers, sharing this JVM, left
        // 107 B/row on a loop a replay runs allocation-free.
        Process probe = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RowAllocationProbe.class.getName(),
                        file.toString(),
                        Integer.toString(rows))
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(probe.waitFor()).as(out).isZero();
        long perRow = Long.parseLong(out);
        assertThat(perRow).as("bytes allocated per row").isLessThan(16);
    }

    @Test
    void malformedSidecarNamesTheFile() throws IOException {
        Path trace = write("s.bdf.csv", "Test Time / s\n0\n");
        Files.writeString(dir.resolve("s.bdf.metadata.json"), "{\"start_soc\": \"full\"}");
        assertThatThrownBy(() -> readAll(trace))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("s.bdf.metadata.json")
                .hasMessageContaining("start_soc");
    }
}
