package org.healbms.io.eis;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.healbms.core.impedance.ImpedanceSample;
import org.healbms.io.trace.TraceFormatException;

/**
 * Impedance spectra in the dataset's plain CSV: {@code Spectrum, Frequency / Hz, Real Impedance / mOhm,
 * Imaginary Impedance / mOhm[, Voltage / V, Net Capacity / Ah]}, one spectrum per id, imaginary
 * positive inductive. Values come back in ohm. Errors name the file, line and column.
 */
public final class EisCsv {

    /** One spectrum with the cell's voltage and the tester's charge counter where they were logged. */
    public record Spectrum(String id, List<ImpedanceSample> samples, double voltageV, double netChargeAh) {}

    private static final String ID = "Spectrum";
    private static final String FREQUENCY = "Frequency / Hz";
    private static final String REAL = "Real Impedance / mOhm";
    private static final String IMAG = "Imaginary Impedance / mOhm";
    private static final String VOLTAGE = "Voltage / V";
    private static final String CHARGE = "Net Capacity / Ah";

    private EisCsv() {}

    public static List<Spectrum> read(Path file) throws IOException {
        Map<String, List<ImpedanceSample>> samples = new LinkedHashMap<>();
        Map<String, double[]> state = new LinkedHashMap<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(file)) {
            List<String> header = null;
            int id = -1;
            int f = -1;
            int re = -1;
            int im = -1;
            int v = -1;
            int q = -1;
            for (CsvRecord row : csv) {
                long line = row.getStartingLineNumber();
                if (header == null) {
                    header = row.getFields();
                    id = header.indexOf(ID);
                    f = header.indexOf(FREQUENCY);
                    re = header.indexOf(REAL);
                    im = header.indexOf(IMAG);
                    v = header.indexOf(VOLTAGE);
                    q = header.indexOf(CHARGE);
                    for (String required : List.of(ID, FREQUENCY, REAL, IMAG)) {
                        if (!header.contains(required)) {
                            throw new TraceFormatException(file, 1, required, "missing column");
                        }
                    }
                    continue;
                }
                if (row.getFieldCount() != header.size()) {
                    throw new TraceFormatException(
                            file, line, null, row.getFieldCount() + " fields, the header has " + header.size());
                }
                String spectrum = row.getField(id);
                double frequency = number(file, line, row, f, FREQUENCY);
                double real = number(file, line, row, re, REAL) / 1000.0;
                double imag = number(file, line, row, im, IMAG) / 1000.0;
                try {
                    samples.computeIfAbsent(spectrum, k -> new ArrayList<>())
                            .add(new ImpedanceSample(frequency, real, imag));
                } catch (IllegalArgumentException e) {
                    throw new TraceFormatException(file, line, null, e.getMessage());
                }
                double volts = v >= 0 ? number(file, line, row, v, VOLTAGE) : Double.NaN;
                double charge = q >= 0 ? number(file, line, row, q, CHARGE) : Double.NaN;
                state.putIfAbsent(spectrum, new double[] {volts, charge});
            }
            if (header == null) {
                throw new TraceFormatException(file, 0, null, "empty file");
            }
        }
        List<Spectrum> spectra = new ArrayList<>();
        for (var e : samples.entrySet()) {
            double[] s = state.get(e.getKey());
            spectra.add(new Spectrum(e.getKey(), List.copyOf(e.getValue()), s[0], s[1]));
        }
        return spectra;
    }

    private static double number(Path file, long line, CsvRecord row, int column, String label)
            throws TraceFormatException {
        String text = row.getField(column).trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(file, line, label, "not a number: '" + text + "'");
        }
    }
}
