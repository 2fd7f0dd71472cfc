package org.healbms.io.trace;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.healbms.io.file.AtomicFile;

/**
 * Writes a BDF time series ({@code .bdf.csv}, or gzip when the name ends in {@code .gz}).
 *
 * <p>Rows go to a temporary file beside the target, which {@link #commit()} renames into place in
 * one step. Until then the target is untouched; {@link #close()} without a commit (an exception
 * while writing, say) deletes the temporary file, so a reader never sees a half-written trace.
 */
public final class BdfWriter implements Closeable {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path target;
    private final Path temporary;
    private final int columns;
    private final CsvWriter csv;
    private final String[] fields;
    private boolean committed;
    private boolean closed;

    private BdfWriter(Path target, Path temporary, CsvWriter csv, int columns) {
        this.target = target;
        this.temporary = temporary;
        this.csv = csv;
        this.columns = columns;
        this.fields = new String[columns];
    }

    /** Starts a trace with the given column labels (BDF preferred labels where they exist). */
    public static BdfWriter create(Path target, List<String> labels) throws IOException {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a BDF trace needs at least one column");
        }
        Path temporary = AtomicFile.temporaryFor(target);
        try {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), BUFFER_BYTES);
            if (target.getFileName().toString().endsWith(".gz")) {
                out = new GZIPOutputStream(out, BUFFER_BYTES);
            }
            CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            csv.writeRecord(labels);
            return new BdfWriter(target, temporary, csv, labels.size());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Writes one row of numbers; NaN is written as an empty field ("not logged"). */
    public void row(double[] values) throws IOException {
        requireWidth(values.length);
        for (int c = 0; c < columns; c++) {
            fields[c] = format(values[c]);
        }
        csv.writeRecord(fields);
    }

    /** Writes one row of fields exactly as given (to carry rows of another trace through). */
    public void row(List<String> text) throws IOException {
        requireWidth(text.size());
        csv.writeRecord(text);
    }

    /** Shortest text that reads back as the same double; empty for NaN. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private void requireWidth(int n) {
        if (n != columns) {
            throw new IllegalArgumentException("row has " + n + " fields, the header has " + columns);
        }
    }

    /** Finishes the file and moves it into place atomically. */
    public void commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("writer already closed");
        }
        csv.close();
        closed = true;
        AtomicFile.replace(temporary, target);
        committed = true;
    }

    /** Abandons the file unless it was committed: the target is left as it was. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            if (!closed) {
                closed = true;
                csv.close();
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
