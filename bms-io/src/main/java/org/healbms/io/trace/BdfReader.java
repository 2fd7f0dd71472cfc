package org.healbms.io.trace;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.healbms.io.file.RegularFile;

/**
 * Streams a BDF time series ({@code .bdf.csv} or gzip {@code .bdf.csv.gz}) row by row: a cursor,
 * never the whole file, so a trace of millions of rows reads in constant memory.
 *
 * <p>Quantity columns ("Name / unit") are parsed to doubles as each row is read, so a bad cell is
 * reported where it is, with its line and column; empty cells mean "not logged" and read as NaN.
 * Columns without a unit are carried as text. Time, where the file has a {@code Test Time / s}
 * column, must never go backwards (equal timestamps are allowed: real testers log them).
 *
 * <p>CSV parsing is FastCSV's and number parsing FastDoubleParser's, fed straight from FastCSV's
 * buffer through {@link BdfRow}, so reading a row allocates nothing unless its text is asked for.
 * After the header, the rows are read, parsed and checked on a thread of their own
 * ({@link RowReadAhead}), a few batches ahead of {@link #next()}: the caller's work on each row
 * (a replay's estimation) overlaps with reading the next ones. A gzip trace is inflated on a third
 * thread ({@link InflateAhead}), a few chunks ahead of the parsing, so neither waits for the other.
 */
public final class BdfReader implements Closeable {

    private static final int BUFFER_BYTES = 1 << 16;
    /**
     * Rows parsed ahead of the caller: 4 batches of 1024 rows (200 kB for a six-column trace) are
     * enough for the parsing and the caller to overlap. The first batch is handed over after 64 rows,
     * so a replay starts estimating while the parser, interpreted in a fresh JVM, is still slow.
     */
    private static final int BATCH_ROWS = 1024;

    private static final int FIRST_BATCH_ROWS = 64;

    private static final int BATCHES_AHEAD = 4;

    /**
     * Inflated bytes waiting for the parser: four chunks absorb the two threads' unequal turns on a busy
     * machine, for 128 kB. A chunk is handed over in microseconds, against tenths of a millisecond to
     * inflate and parse it, so larger chunks would only cost memory (and delay the first rows).
     */
    private static final int CHUNK_BYTES = 1 << 15;

    private static final int CHUNKS_AHEAD = 4;

    private final Path file;
    private final List<String> labels;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean[] quantity;
    private final int columns;
    private final boolean keepText;
    private final Optional<TraceMetadata> metadata;
    private final RowReadAhead ahead;
    private RowBatch batch;
    private int position;
    private int offset;
    private long line = 1;
    private long rowsRead;

    private BdfReader(
            Path file,
            CsvReader<BdfRow> csv,
            BdfRow row,
            Optional<TraceMetadata> metadata,
            String[] required,
            boolean keepText)
            throws IOException {
        this.file = file;
        this.metadata = metadata;
        CloseableIterator<BdfRow> rows = csv.iterator();
        BdfRow header = header(rows);
        if (header == null) {
            throw new TraceFormatException(
                    file, 1, null, "the file is empty; a BDF trace starts with a header row of column labels");
        }
        String[] names = new String[header.fieldCount()];
        for (int c = 0; c < names.length; c++) {
            names[c] = header.text(c);
        }
        labels = List.of(names);
        quantity = new boolean[labels.size()];
        for (int c = 0; c < labels.size(); c++) {
            String label = labels.get(c).strip();
            if (label.isEmpty()) {
                throw new TraceFormatException(file, 1, null, "column " + (c + 1) + " has an empty label");
            }
            if (index.putIfAbsent(label, c) != null) {
                throw new TraceFormatException(file, 1, label, "the label appears twice in the header");
            }
            quantity[c] = BdfLabels.isQuantity(label);
        }
        for (String r : required) {
            if (!index.containsKey(r)) {
                throw new TraceFormatException(file, 1, r, "required column is missing; the header has " + labels);
            }
        }
        row.configure(quantity, keepText);
        this.keepText = keepText;
        columns = labels.size();
        boolean anyText = keepText;
        for (boolean q : quantity) {
            anyText |= !q;
        }
        ahead = new RowReadAhead(
                file,
                csv,
                rows,
                line,
                labels,
                index.getOrDefault(BdfLabels.TEST_TIME, -1),
                anyText,
                BATCH_ROWS,
                FIRST_BATCH_ROWS,
                BATCHES_AHEAD);
        ahead.start();
    }

    private BdfRow header(CloseableIterator<BdfRow> rows) throws TraceFormatException {
        try {
            return rows.hasNext() ? rows.next() : null;
        } catch (CsvParseException e) {
            throw new TraceFormatException(file, 1, null, "malformed CSV: " + RowReadAhead.rootMessage(e), e);
        } catch (UncheckedIOException e) {
            throw new TraceFormatException(file, 1, null, RowReadAhead.readProblem(e) + " in the header", e);
        }
    }

    /**
     * Opens a trace and reads its header and sidecar metadata.
     *
     * @param requiredLabels columns the caller cannot do without; a missing one is an error on line 1
     */
    public static BdfReader open(Path file, String... requiredLabels) throws IOException {
        return open(file, false, requiredLabels);
    }

    /**
     * As {@link #open(Path, String...)}; with {@code keepText} every field's text is kept for
     * {@link #fields()}, to carry rows through unchanged (it costs a String per field).
     */
    public static BdfReader open(Path file, boolean keepText, String... requiredLabels) throws IOException {
        Optional<TraceMetadata> metadata = TraceMetadata.forTrace(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(RegularFile.require(file)), BUFFER_BYTES);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                // The header is checked here, on the caller's thread; the rest inflates on a thread of its own.
                in = InflateAhead.start(
                        new GZIPInputStream(in, BUFFER_BYTES),
                        file.getFileName().toString(),
                        CHUNK_BYTES,
                        CHUNKS_AHEAD);
            }
        } catch (ZipException | EOFException e) {
            in.close();
            throw new TraceFormatException(file, 0, null, "not a readable gzip file: " + e.getMessage(), e);
        }
        BdfRow row = new BdfRow();
        // Spreadsheet programs save CSV with a UTF-8 byte-order mark; left in, it would become part of
        // the first column's label and the time column would not be found.
        CsvReader<BdfRow> csv = CsvReader.builder().detectBomHeader(true).build(row, in, StandardCharsets.UTF_8);
        try {
            return new BdfReader(file, csv, row, metadata, requiredLabels, keepText);
        } catch (IOException | RuntimeException e) {
            csv.close();
            throw e;
        }
    }

    /**
     * Advances to the next row.
     *
     * @return false at the end of the file
     * @throws TraceFormatException for a malformed row, a non-numeric cell, time going backwards, or
     *                              a truncated file
     */
    public boolean next() throws TraceFormatException {
        while (batch == null || position + 1 >= batch.size) {
            if (batch != null && batch.failure != null) {
                throw rethrown(batch.failure);
            }
            if (batch != null && batch.last) {
                return false;
            }
            // Handed back before waiting: after an interrupt it belongs to the parsing thread again.
            RowBatch done = batch;
            batch = null;
            try {
                batch = ahead.next(done);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceFormatException(file, line + 1, null, "interrupted while waiting for the row", e);
            }
            position = -1;
        }
        position++;
        offset = position * columns;
        line = batch.lines[position];
        rowsRead++;
        return true;
    }

    /** The parsing thread's problem, thrown on the reader's thread as what it is. */
    private static TraceFormatException rethrown(Throwable failure) {
        return switch (failure) {
            case TraceFormatException e -> e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure);
        };
    }

    /** Column labels in file order. */
    public List<String> labels() {
        return labels;
    }

    /** Index of a column, or -1 if the file does not have it. */
    public int column(String label) {
        return index.getOrDefault(label, -1);
    }

    public boolean has(String label) {
        return index.containsKey(label);
    }

    /** Value of a quantity column in the current row (NaN where not logged). */
    public double value(int column) {
        return batch.values[offset + column];
    }

    /** Text of a column without a unit in the current row (of any column if opened with keepText). */
    public String text(int column) {
        return batch.text == null ? null : batch.text[offset + column];
    }

    /** All fields of the current row as written, to carry a row through unchanged; needs keepText. */
    public List<String> fields() {
        if (!keepText) {
            throw new IllegalStateException("open the reader with keepText to carry rows through");
        }
        String[] fields = new String[labels.size()];
        for (int c = 0; c < fields.length; c++) {
            fields[c] = batch.text[offset + c];
        }
        return List.of(fields);
    }

    /** Line number of the current row (the header is line 1). */
    public long line() {
        return line;
    }

    /** Rows read so far. */
    public long rowsRead() {
        return rowsRead;
    }

    public Path file() {
        return file;
    }

    public Optional<TraceMetadata> metadata() {
        return metadata;
    }

    /** Labels of the columns this reader carries as text (no unit). */
    public List<String> textLabels() {
        List<String> text = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            if (!quantity[c]) {
                text.add(labels.get(c));
            }
        }
        return text;
    }

    @Override
    public void close() throws IOException {
        ahead.close();
    }
}
