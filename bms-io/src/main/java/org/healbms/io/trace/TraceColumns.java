package org.healbms.io.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whole columns of a small trace in memory, for work that needs several passes (identification of
 * a C/20 or HPPC test, at most some hundred thousand rows). Streaming work uses {@link BdfReader}.
 *
 * @param file     the trace
 * @param columns  requested label → values (NaN where not logged, or where the file lacks an optional column)
 * @param metadata the sidecar, if any
 */
public record TraceColumns(Path file, Map<String, double[]> columns, Optional<TraceMetadata> metadata) {

    /**
     * @param required columns that must exist
     * @param optional columns read when present, NaN-filled otherwise
     */
    public static TraceColumns load(Path file, List<String> required, List<String> optional) throws IOException {
        try (BdfReader reader = BdfReader.open(file, required.toArray(String[]::new))) {
            List<String> wanted = new ArrayList<>(required);
            wanted.addAll(optional);
            int[] index = wanted.stream().mapToInt(reader::column).toArray();
            double[][] data = new double[wanted.size()][1024];
            int n = 0;
            while (reader.next()) {
                if (n == data[0].length) {
                    for (int c = 0; c < data.length; c++) {
                        data[c] = Arrays.copyOf(data[c], n * 2);
                    }
                }
                for (int c = 0; c < data.length; c++) {
                    data[c][n] = index[c] >= 0 ? reader.value(index[c]) : Double.NaN;
                }
                n++;
            }
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (int c = 0; c < data.length; c++) {
                columns.put(wanted.get(c), Arrays.copyOf(data[c], n));
            }
            return new TraceColumns(file, columns, reader.metadata());
        }
    }

    /** Values of a column that was asked for. */
    public double[] get(String label) {
        double[] values = columns.get(label);
        if (values == null) {
            throw new IllegalArgumentException(label + " was not loaded from " + file);
        }
        return values;
    }

    /** True if the column was loaded and has at least one logged value. */
    public boolean logged(String label) {
        double[] values = columns.get(label);
        return values != null && Arrays.stream(values).anyMatch(Double::isFinite);
    }

    public int rows() {
        return columns.isEmpty() ? 0 : columns.values().iterator().next().length;
    }
}
