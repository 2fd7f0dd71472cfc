package org.healbms.io.trace;

/**
 * Rows of a trace parsed ahead of the reader, column values side by side row after row: filled on the
 * parsing thread, read on the reader's, and handed back to be filled again, so a long trace costs no
 * garbage. After its rows a batch may carry the end of the trace or the problem that ended it.
 */
final class RowBatch {

    final double[] values;
    final long[] lines;
    /** Field text where it is kept (columns without a unit, or all with keepText), else null. */
    final String[] text;

    int size;
    boolean last;
    /** What stopped the parsing after this batch's rows: a TraceFormatException, or an unexpected error. */
    Throwable failure;

    RowBatch(int rows, int columns, boolean withText) {
        values = new double[rows * columns];
        lines = new long[rows];
        text = withText ? new String[rows * columns] : null;
    }

    void clear() {
        size = 0;
        last = false;
        failure = null;
    }
}
