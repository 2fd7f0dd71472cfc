package org.healbms.sim.trace;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * Streams a BDF time series ({@code .bdf.csv} or gzip {@code .bdf.csv.gz}) row by row: a cursor,
 * never the whole file, so a trace of millions of rows reads in constant memory.
 *
 * <p>Quantity columns ("Name / unit") are parsed to doubles as each row is read, so a bad cell is
 * reported where it is, with its line and column; empty cells mean "not logged" and read as NaN.
 * Columns without a unit are carried as text. Time, where the file has a {@code Test Time / s}
 * column, must never go backwards (equal timestamps are allowed: real testers log them).
 *
 * <p>CSV parsing is FastCSV's and number parsing FastDoubleParser's (both parse without building
 * intermediate objects per character, which is what makes replay as fast as decompression allows).
 */
public final class BdfReader implements Closeable {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final CsvReader<CsvRecord> csv;
    private final CloseableIterator<CsvRecord> rows;
    private final List<String> labels;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean[] quantity;
    private final double[] values;
    private final int timeColumn;
    private final Optional<TraceMetadata> metadata;
    private CsvRecord record;
    private long line = 1;
    private double lastTime = Double.NEGATIVE_INFINITY;
    private long rowsRead;

    private BdfReader(Path file, CsvReader<CsvRecord> csv, Optional<TraceMetadata> metadata, String[] required)
            throws IOException {
        this.file = file;
        this.csv = csv;
        this.rows = csv.iterator();
        this.metadata = metadata;
        CsvRecord header = nextRecord();
        if (header == null) {
            throw new TraceFormatException(file, 1, null, "the file is empty; a BDF trace starts with a header row of column labels");
        }
        labels = List.copyOf(header.getFields());
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
        values = new double[labels.size()];
        timeColumn = index.getOrDefault(BdfLabels.TEST_TIME, -1);
    }

    /**
     * Opens a trace and reads its header and sidecar metadata.
     *
     * @param requiredLabels columns the caller cannot do without; a missing one is an error on line 1
     */
    public static BdfReader open(Path file, String... requiredLabels) throws IOException {
        Optional<TraceMetadata> metadata = TraceMetadata.forTrace(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, BUFFER_BYTES);
            }
        } catch (ZipException | EOFException e) {
            in.close();
            throw new TraceFormatException(file, 0, null, "not a readable gzip file: " + e.getMessage(), e);
        }
        CsvReader<CsvRecord> csv = CsvReader.builder()
                .ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            return new BdfReader(file, csv, metadata, requiredLabels);
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
        record = nextRecord();
        if (record == null) {
            return false;
        }
        line = record.getStartingLineNumber();
        if (record.getFieldCount() != labels.size()) {
            throw new TraceFormatException(file, line, null, "the row has " + record.getFieldCount()
                    + " fields but the header has " + labels.size());
        }
        for (int c = 0; c < values.length; c++) {
            values[c] = quantity[c] ? parse(c) : Double.NaN;
        }
        if (timeColumn >= 0) {
            double t = values[timeColumn];
            if (t < lastTime) {
                throw new TraceFormatException(file, line, BdfLabels.TEST_TIME,
                        "time goes backwards, from " + lastTime + " s to " + t + " s");
            }
            if (!Double.isNaN(t)) {
                lastTime = t;
            }
        }
        rowsRead++;
        return true;
    }

    private double parse(int column) throws TraceFormatException {
        String text = record.getField(column);
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            return JavaDoubleParser.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, line, labels.get(column), "'" + text + "' is not a number");
        }
    }

    private CsvRecord nextRecord() throws TraceFormatException {
        try {
            return rows.hasNext() ? rows.next() : null;
        } catch (CsvParseException e) {
            throw new TraceFormatException(file, line + 1, null, "malformed CSV: " + rootMessage(e), e);
        } catch (UncheckedIOException e) {
            String why = e.getCause() instanceof EOFException || e.getCause() instanceof ZipException
                    ? "the file is truncated or corrupt (" + e.getCause().getMessage() + ")"
                    : "read failed: " + e.getCause().getMessage();
            throw new TraceFormatException(file, line + 1, null, why + "; the last complete row is line " + line, e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
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
        return values[column];
    }

    /** Text of any column in the current row, as written in the file. */
    public String text(int column) {
        return record.getField(column);
    }

    /** All fields of the current row as written, to carry a row through unchanged. */
    public List<String> fields() {
        return record.getFields();
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
        csv.close();
    }
}
