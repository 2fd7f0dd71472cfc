package org.healbms.io.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace file that cannot be read as BDF: the message names the file, the line (1-based; the header
 * is line 1) and the column where the problem is, where they are known.
 */
public final class TraceFormatException extends IOException {

    private final Path file;
    private final long line;
    private final String column;

    public TraceFormatException(Path file, long line, String column, String problem) {
        this(file, line, column, problem, null);
    }

    public TraceFormatException(Path file, long line, String column, String problem, Throwable cause) {
        super(
                file + (line > 0 ? ":" + line : "") + (column != null ? ": column '" + column + "'" : "") + ": "
                        + problem,
                cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 if the problem is not on one line. */
    public long line() {
        return line;
    }

    /** Column label, or null if the problem is not in one column. */
    public String column() {
        return column;
    }
}
