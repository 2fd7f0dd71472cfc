package org.healbms.io.trace;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipException;

/**
 * Reads and parses a trace's rows on a thread of its own, a bounded number of batches ahead of the
 * reader: a replay estimates on one core while the next rows are parsed on another (and, for a gzip
 * trace, inflated on a third, {@link InflateAhead}), instead of taking turns on one. The rows are
 * checked here (field count, numbers, time never going backwards), and a problem reaches the reader
 * after every row before it, as the same {@link TraceFormatException} the reader would have raised
 * itself. Batches are allocated as the reader falls behind, at most {@code depth} of them, and handed
 * back and forth.
 */
final class RowReadAhead {

    private final Path file;
    private final CsvReader<BdfRow> csv;
    private final CloseableIterator<BdfRow> rows;
    private final List<String> labels;
    private final int timeColumn;
    private final boolean withText;
    private final int batchRows;
    private final int firstBatchRows;
    private final int depth;
    private final BlockingQueue<RowBatch> full;
    private final BlockingQueue<RowBatch> free;
    private volatile boolean closed;
    private Thread pump;
    /** Parsing thread only: the line of the last whole row, for where a problem is. */
    private long line;

    /**
     * @param rows           the parser, positioned after the header (line {@code line})
     * @param withText       keep each row's text where {@code row} keeps it
     * @param firstBatchRows rows in the first batch: few, so the reader starts on them while the parser,
     *                       cold in a fresh JVM, is still slow
     */
    RowReadAhead(
            Path file,
            CsvReader<BdfRow> csv,
            CloseableIterator<BdfRow> rows,
            long line,
            List<String> labels,
            int timeColumn,
            boolean withText,
            int batchRows,
            int firstBatchRows,
            int depth) {
        this.file = file;
        this.csv = csv;
        this.rows = rows;
        this.line = line;
        this.labels = labels;
        this.timeColumn = timeColumn;
        this.withText = withText;
        this.batchRows = batchRows;
        this.firstBatchRows = firstBatchRows;
        this.depth = depth;
        full = new ArrayBlockingQueue<>(depth);
        free = new ArrayBlockingQueue<>(depth);
    }

    /** Starts parsing; from here on the parser belongs to the parsing thread. */
    void start() {
        // A daemon: a reader that is never closed must not keep the JVM alive.
        pump = Thread.ofPlatform()
                .daemon()
                .name("trace reader " + file.getFileName())
                .start(this::pump);
    }

    /**
     * The next batch, handing back the one read before (or null).
     *
     * @throws InterruptedException if the reader's thread was interrupted while waiting
     */
    RowBatch next(RowBatch done) throws InterruptedException {
        if (done != null) {
            free.add(done);
        }
        while (true) {
            RowBatch batch = full.poll(50, TimeUnit.MILLISECONDS);
            if (batch != null) {
                return batch;
            }
            if (!pump.isAlive() && full.isEmpty()) {
                // Only a JVM error outside the parsing itself gets here; waiting on would hang the reader.
                throw new IllegalStateException(pump.getName() + " stopped without handing over the trace's end");
            }
        }
    }

    /** Stops the parsing thread and closes the file; the thread is gone when this returns. */
    void close() throws IOException {
        closed = true;
        if (pump == null) {
            csv.close();
            return;
        }
        pump.interrupt();
        try {
            pump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump() {
        try (csv) {
            int allocated = 0;
            int rows = firstBatchRows;
            double lastTime = Double.NEGATIVE_INFINITY;
            boolean more = true;
            while (more) {
                RowBatch batch = free.poll();
                if (batch == null && allocated < depth) {
                    batch = new RowBatch(batchRows, labels.size(), withText);
                    allocated++;
                } else if (batch == null) {
                    batch = await();
                    if (batch == null) {
                        return;
                    }
                }
                batch.clear();
                try {
                    lastTime = fill(batch, rows, lastTime);
                } catch (TraceFormatException | RuntimeException | Error e) {
                    batch.failure = e;
                }
                more = !batch.last && batch.failure == null;
                rows = batchRows;
                if (!hand(batch)) {
                    return;
                }
            }
        } catch (IOException e) {
            // Closing the file failed: every row was read, nothing is lost.
        }
    }

    /** Parses up to {@code rows} rows into the batch, fewer at the trace's end; returns the last time seen. */
    private double fill(RowBatch batch, int rows, double lastTime) throws TraceFormatException {
        int columns = labels.size();
        while (batch.size < rows) {
            BdfRow row = nextRecord();
            if (row == null) {
                batch.last = true;
                return lastTime;
            }
            line = row.line();
            if (row.fieldCount() != columns) {
                throw new TraceFormatException(
                        file, line, null, "the row has " + row.fieldCount() + " fields but the header has " + columns);
            }
            if (row.badColumn() >= 0) {
                throw new TraceFormatException(
                        file, line, labels.get(row.badColumn()), "'" + row.badText() + "' is not a number");
            }
            if (timeColumn >= 0) {
                double t = row.value(timeColumn);
                if (t < lastTime) {
                    throw new TraceFormatException(
                            file,
                            line,
                            BdfLabels.TEST_TIME,
                            "time goes backwards, from " + lastTime + " s to " + t + " s");
                }
                if (!Double.isNaN(t)) {
                    lastTime = t;
                }
            }
            int base = batch.size * columns;
            for (int c = 0; c < columns; c++) {
                batch.values[base + c] = row.value(c);
            }
            if (withText) {
                for (int c = 0; c < columns; c++) {
                    batch.text[base + c] = row.text(c);
                }
            }
            batch.lines[batch.size++] = line;
        }
        return lastTime;
    }

    private BdfRow nextRecord() throws TraceFormatException {
        try {
            return rows.hasNext() ? rows.next() : null;
        } catch (CsvParseException e) {
            throw new TraceFormatException(file, line + 1, null, "malformed CSV: " + rootMessage(e), e);
        } catch (UncheckedIOException e) {
            throw new TraceFormatException(
                    file, line + 1, null, readProblem(e) + "; the last complete row is line " + line, e);
        }
    }

    /** What a failed read of the trace means to the user. */
    static String readProblem(UncheckedIOException e) {
        return e.getCause() instanceof EOFException || e.getCause() instanceof ZipException
                ? "the file is truncated or corrupt (" + e.getCause().getMessage() + ")"
                : "read failed: " + e.getCause().getMessage();
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** A batch the reader has handed back, or null once it closed the trace. */
    private RowBatch await() {
        try {
            while (!closed) {
                RowBatch b = free.poll(50, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Queues a batch for the reader; false once it closed the trace. */
    private boolean hand(RowBatch batch) {
        try {
            while (!closed) {
                if (full.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
