package org.healbms.io.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.healbms.core.identification.CellRecording;

/** Loads a recorded BDF test as the in-memory {@link CellRecording} identification works on. */
public final class CellRecordings {

    private CellRecordings() {}

    /**
     * Reads time, current, voltage and temperature, and the cumulative charge: the tester's own
     * {@code Net Capacity / Ah} counter where the file logs it (it saw stretches the file may not have,
     * such as the HPPC files' unlogged discharge steps), otherwise the coulomb count of the current.
     *
     * @param defaultStartSoc start SoC when the sidecar gives none; NaN to mean "at rest: read it
     *                        off the OCV curve"
     * @param defaultTemperatureDegC temperature for a file that logs none and whose sidecar gives no
     *                        ambient; the caller tells the user it was assumed
     */
    /** True if the file logs a cell or chamber temperature anywhere. */
    public static boolean logsTemperature(Path file) throws IOException {
        return loggedTemperature(TraceColumns.load(
                file,
                List.of(BdfLabels.TEST_TIME),
                List.of(BdfLabels.SURFACE_TEMPERATURE_T1, BdfLabels.AMBIENT_TEMPERATURE)));
    }

    private static boolean loggedTemperature(TraceColumns c) {
        return c.logged(BdfLabels.SURFACE_TEMPERATURE_T1) || c.logged(BdfLabels.AMBIENT_TEMPERATURE);
    }

    public static CellRecording load(Path file, double defaultStartSoc, double defaultTemperatureDegC)
            throws IOException {
        TraceColumns c = TraceColumns.load(
                file,
                List.of(BdfLabels.TEST_TIME, BdfLabels.CURRENT, BdfLabels.VOLTAGE),
                List.of(BdfLabels.SURFACE_TEMPERATURE_T1, BdfLabels.AMBIENT_TEMPERATURE, BdfLabels.NET_CAPACITY));
        if (c.rows() == 0) {
            throw new TraceFormatException(file, 2, null, "the trace has no rows");
        }
        double[] time = c.get(BdfLabels.TEST_TIME);
        double[] current = c.get(BdfLabels.CURRENT);
        double[] temperature = c.logged(BdfLabels.SURFACE_TEMPERATURE_T1)
                ? c.get(BdfLabels.SURFACE_TEMPERATURE_T1)
                : c.get(BdfLabels.AMBIENT_TEMPERATURE);
        if (!loggedTemperature(c)) {
            double ambient = c.metadata()
                    .flatMap(m -> m.ambientTemperatureDegC().isPresent()
                            ? Optional.of(m.ambientTemperatureDegC().getAsDouble())
                            : Optional.empty())
                    .orElse(defaultTemperatureDegC);
            temperature = new double[c.rows()];
            Arrays.fill(temperature, ambient);
        }
        double[] charge;
        if (c.logged(BdfLabels.NET_CAPACITY)) {
            charge = c.get(BdfLabels.NET_CAPACITY).clone();
            double first = charge[0];
            for (int k = 0; k < charge.length; k++) {
                // Hold the last count over unlogged cells so the series stays usable.
                charge[k] = Double.isFinite(charge[k]) ? charge[k] - first : (k > 0 ? charge[k - 1] : 0.0);
            }
        } else {
            double[] finiteCurrent = current.clone();
            for (int k = 0; k < finiteCurrent.length; k++) {
                finiteCurrent[k] = Double.isFinite(finiteCurrent[k]) ? finiteCurrent[k] : 0.0;
            }
            charge = CellRecording.coulombCount(time, finiteCurrent);
        }
        double startSoc =
                c.metadata().map(m -> m.startSoc().orElse(defaultStartSoc)).orElse(defaultStartSoc);
        return new CellRecording(
                file.getFileName().toString(), time, current, c.get(BdfLabels.VOLTAGE), temperature, charge, startSoc);
    }

    /**
     * The file's hoop strain column, row for row with {@link #load}; refused when the file logs none.
     */
    public static double[] strain(Path file) throws IOException {
        TraceColumns c = TraceColumns.load(file, List.of(BdfLabels.TEST_TIME), List.of(BdfLabels.HOOP_STRAIN));
        if (!c.logged(BdfLabels.HOOP_STRAIN)) {
            throw new TraceFormatException(file, 1, BdfLabels.HOOP_STRAIN, "the trace logs no strain");
        }
        return c.get(BdfLabels.HOOP_STRAIN);
    }
}
