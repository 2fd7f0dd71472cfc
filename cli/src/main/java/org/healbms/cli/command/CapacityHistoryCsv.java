package org.healbms.cli.command;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.healbms.core.health.CapacityCheckup;

/**
 * Reads check-up histories from a CSV with a header naming at least {@code cell_id,cycle,capacity_Ah} (other
 * columns are ignored). Cells keep the order of their first row; each cell's check-ups come back ordered by cycle.
 * Several check-ups at the same cycle (the Sanyo data repeats some) are averaged into one: they measure the same
 * state, and the fade fit needs strictly increasing cycles.
 */
final class CapacityHistoryCsv {

    private CapacityHistoryCsv() {}

    static Map<String, List<CapacityCheckup>> read(Path file) throws IOException {
        Map<String, TreeMap<Double, double[]>> byCell = new LinkedHashMap<>();
        // FastCSV (already used for traces) parses the CSV: quoting, a BOM and line endings are its job.
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder()
                .skipEmptyLines(true)
                .detectBomHeader(true)
                .allowMissingFields(true)
                .allowExtraFields(true)
                .ofNamedCsvRecord(file)) {
            boolean headerChecked = false;
            for (NamedCsvRecord row : csv) {
                long lineNo = row.getStartingLineNumber();
                if (!headerChecked) {
                    for (String name : List.of("cell_id", "cycle", "capacity_Ah")) {
                        column(file, row.getHeader(), name);
                    }
                    headerChecked = true;
                }
                String cell = field(file, lineNo, row, "cell_id");
                if (cell.isEmpty()) {
                    throw problem(file, lineNo, "empty cell_id");
                }
                double cycle = number(file, lineNo, "cycle", field(file, lineNo, row, "cycle"));
                double capacity = number(file, lineNo, "capacity_Ah", field(file, lineNo, row, "capacity_Ah"));
                try {
                    new CapacityCheckup(cycle, capacity);
                } catch (IllegalArgumentException e) {
                    throw problem(file, lineNo, e.getMessage());
                }
                double[] sumAndCount =
                        byCell.computeIfAbsent(cell, c -> new TreeMap<>()).computeIfAbsent(cycle, c -> new double[2]);
                sumAndCount[0] += capacity;
                sumAndCount[1]++;
            }
        } catch (CsvParseException e) {
            throw new IllegalArgumentException(file + ": malformed CSV: " + e.getMessage(), e);
        }
        if (byCell.isEmpty()) {
            throw new IllegalArgumentException(
                    file + ": no check-up rows (a header cell_id,cycle,capacity_Ah and at least one row are needed)");
        }
        Map<String, List<CapacityCheckup>> histories = new LinkedHashMap<>();
        byCell.forEach((cell, checkups) -> {
            List<CapacityCheckup> history = new ArrayList<>();
            checkups.forEach((cycle, s) -> history.add(new CapacityCheckup(cycle, s[0] / s[1])));
            histories.put(cell, List.copyOf(history));
        });
        return histories;
    }

    private static String field(Path file, long line, NamedCsvRecord row, String name) {
        return row.findField(name)
                .map(String::strip)
                .orElseThrow(() -> problem(file, line, "the row has no " + name + " field"));
    }

    private static int column(Path file, List<String> names, String name) {
        int i = names.stream().map(String::strip).toList().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    file + " line 1: header has no column " + name + " (columns: " + String.join(",", names) + ")");
        }
        return i;
    }

    private static double number(Path file, long line, String column, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw problem(file, line, column + " is not a number: '" + text.strip() + "'");
        }
    }

    private static IllegalArgumentException problem(Path file, long line, String what) {
        return new IllegalArgumentException(file + " line " + line + ": " + what);
    }
}
