package org.healbms.deploy.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    private CapacityHistoryCsv() {
    }

    static Map<String, List<CapacityCheckup>> read(Path file) throws IOException {
        Map<String, TreeMap<Double, double[]>> byCell = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a header cell_id,cycle,capacity_Ah");
            }
            List<String> names = Arrays.stream(header.replace("\uFEFF", "").split(",", -1)).map(String::strip).toList();
            int cellCol = column(file, names, "cell_id");
            int cycleCol = column(file, names, "cycle");
            int capacityCol = column(file, names, "capacity_Ah");
            int needed = Math.max(cellCol, Math.max(cycleCol, capacityCol)) + 1;
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < needed) {
                    throw problem(file, lineNo, "expected at least " + needed + " fields, got " + f.length);
                }
                String cell = f[cellCol].strip();
                if (cell.isEmpty()) {
                    throw problem(file, lineNo, "empty cell_id");
                }
                double cycle = number(file, lineNo, "cycle", f[cycleCol]);
                double capacity = number(file, lineNo, "capacity_Ah", f[capacityCol]);
                try {
                    new CapacityCheckup(cycle, capacity);
                } catch (IllegalArgumentException e) {
                    throw problem(file, lineNo, e.getMessage());
                }
                double[] sumAndCount = byCell.computeIfAbsent(cell, c -> new TreeMap<>())
                        .computeIfAbsent(cycle, c -> new double[2]);
                sumAndCount[0] += capacity;
                sumAndCount[1]++;
            }
        }
        if (byCell.isEmpty()) {
            throw new IllegalArgumentException(file + ": no check-up rows after the header");
        }
        Map<String, List<CapacityCheckup>> histories = new LinkedHashMap<>();
        byCell.forEach((cell, checkups) -> {
            List<CapacityCheckup> history = new ArrayList<>();
            checkups.forEach((cycle, s) -> history.add(new CapacityCheckup(cycle, s[0] / s[1])));
            histories.put(cell, List.copyOf(history));
        });
        return histories;
    }

    private static int column(Path file, List<String> names, String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + " line 1: header has no column " + name + " (columns: "
                    + String.join(",", names) + ")");
        }
        return i;
    }

    private static double number(Path file, int line, String column, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw problem(file, line, column + " is not a number: '" + text.strip() + "'");
        }
    }

    private static IllegalArgumentException problem(Path file, int line, String what) {
        return new IllegalArgumentException(file + " line " + line + ": " + what);
    }
}
