package org.healbms.io.trace;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import java.util.Arrays;

/**
 * One row of a BDF trace as FastCSV parses it, reused for every row: quantity fields are parsed to
 * doubles straight from FastCSV's buffer ({@link DecimalField}), so the replay path makes no String per field. Text is kept
 * only where it is needed: the header, columns without a unit, and whole rows when a report carries
 * them through unchanged.
 */
final class BdfRow extends AbstractBaseCsvCallbackHandler<BdfRow> {

    private boolean[] quantity;
    private boolean keepText = true;
    private double[] values = new double[16];
    private String[] text = new String[16];
    private int badColumn = -1;
    private String badText;

    /** After the header: which columns are quantities, and whether rows must keep their text. */
    void configure(boolean[] quantityColumns, boolean keepAllText) {
        this.quantity = quantityColumns.clone();
        this.keepText = keepAllText;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
        badColumn = -1;
        badText = null;
    }

    @Override
    protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
        if (index >= values.length) {
            values = Arrays.copyOf(values, 2 * (index + 1));
            text = Arrays.copyOf(text, 2 * (index + 1));
        }
        boolean isQuantity = quantity != null && index < quantity.length && quantity[index];
        if (!isQuantity || keepText) {
            text[index] = new String(buf, offset, len);
        }
        if (!isQuantity) {
            values[index] = Double.NaN;
            return;
        }
        int start = offset;
        int end = offset + len;
        while (start < end && buf[start] == ' ') {
            start++;
        }
        while (end > start && buf[end - 1] == ' ') {
            end--;
        }
        if (start == end) {
            values[index] = Double.NaN; // an empty cell: not logged
            return;
        }
        try {
            values[index] = DecimalField.parse(buf, start, end - start);
        } catch (NumberFormatException e) {
            values[index] = Double.NaN;
            if (badColumn < 0) {
                badColumn = index;
                badText = new String(buf, offset, len);
            }
        }
    }

    @Override
    protected BdfRow buildRecord() {
        return this;
    }

    long line() {
        return getStartingLineNumber();
    }

    int fieldCount() {
        return getFieldCount();
    }

    double value(int column) {
        return values[column];
    }

    /** Text of a field; for quantity fields only when rows keep their text. */
    String text(int column) {
        return text[column];
    }

    /** The first field that is not a number, or -1. */
    int badColumn() {
        return badColumn;
    }

    String badText() {
        return badText;
    }
}
