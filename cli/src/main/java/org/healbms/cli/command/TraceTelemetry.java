package org.healbms.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.estimation.CoulombCountingEstimator;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.BdfReader;
import org.healbms.io.trace.TraceFormatException;
import org.healbms.io.trace.TraceMetadata;
import org.healbms.sim.replay.TraceReplay;

/**
 * One trace as a pack's telemetry, with what {@code healbms replay} makes of the same rows: per row
 * the time, current, voltage and the temperature the replay gives its estimator (the surface
 * thermocouple where logged, else the chamber, else the metadata's ambient, held over gaps), and the
 * replay's SoC after it. The twin's answer on these rows must be the replay's.
 *
 * @param socGuess the replay's start guess (the trace's reference start, else 0.5, unless given)
 */
record TraceTelemetry(
        Path trace,
        double socGuess,
        double[] timeS,
        double[] currentA,
        double[] voltageV,
        double[] temperatureDegC,
        double[] replaySoc) {

    private static final double DEFAULT_TEMPERATURE_DEGC = 25.0;

    int rows() {
        return timeS.length;
    }

    /** Replays the trace as {@code healbms replay} does and keeps its first {@code maxRows} rows. */
    static TraceTelemetry read(Path trace, CellParameters p, OptionalDouble guess, int maxRows) throws IOException {
        try (BdfReader reader =
                BdfReader.open(trace, false, BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT)) {
            TraceReplay.Settings settings = TraceReplay.settings(
                    guess, OptionalDouble.empty(), OptionalDouble.empty(), reader.metadata(), p.capacityAh());
            int time = reader.column(BdfLabels.TEST_TIME);
            int current = reader.column(BdfLabels.CURRENT);
            int voltage = reader.column(BdfLabels.VOLTAGE);
            int surface = reader.column(BdfLabels.SURFACE_TEMPERATURE_T1);
            int ambient = reader.column(BdfLabels.AMBIENT_TEMPERATURE);
            OptionalDouble chamber =
                    reader.metadata().map(TraceMetadata::ambientTemperatureDegC).orElse(OptionalDouble.empty());
            Rows rows = new Rows(chamber.orElse(DEFAULT_TEMPERATURE_DEGC), maxRows);
            TraceReplay.run(
                    reader,
                    new ExtendedKalmanSocEstimator(p),
                    new CoulombCountingEstimator(p),
                    settings,
                    (row, elapsed, estimator, baseline, reference) -> rows.add(
                            row.value(time),
                            row.value(current),
                            row.value(voltage),
                            surface >= 0 ? row.value(surface) : Double.NaN,
                            ambient >= 0 ? row.value(ambient) : Double.NaN,
                            estimator.soc()));
            if (rows.count == 0) {
                throw new TraceFormatException(trace, 2, null, "the trace has no rows with a test time to replay");
            }
            return rows.telemetry(trace, settings.socGuess());
        }
    }

    /** The rows as the replay sees them, growing as they come. */
    private static final class Rows {
        private final int max;
        private double temperature;
        private int count;
        private double[] time = new double[1024];
        private double[] current = new double[1024];
        private double[] voltage = new double[1024];
        private double[] temperatures = new double[1024];
        private double[] soc = new double[1024];

        Rows(double startTemperature, int max) {
            this.temperature = startTemperature;
            this.max = max;
        }

        void add(double t, double i, double v, double surface, double ambient, double replaySoc) {
            // The replay's own rule (TraceReplay.run), applied to every row it steps.
            if (Double.isFinite(surface)) {
                temperature = surface;
            } else if (Double.isFinite(ambient)) {
                temperature = ambient;
            }
            if (count == max) {
                return;
            }
            if (count == time.length) {
                int size = (int) Math.min((long) count * 2, Integer.MAX_VALUE - 8);
                time = Arrays.copyOf(time, size);
                current = Arrays.copyOf(current, size);
                voltage = Arrays.copyOf(voltage, size);
                temperatures = Arrays.copyOf(temperatures, size);
                soc = Arrays.copyOf(soc, size);
            }
            time[count] = t;
            current[count] = i;
            voltage[count] = v;
            temperatures[count] = temperature;
            soc[count] = replaySoc;
            count++;
        }

        TraceTelemetry telemetry(Path trace, double socGuess) {
            return new TraceTelemetry(
                    trace,
                    socGuess,
                    Arrays.copyOf(time, count),
                    Arrays.copyOf(current, count),
                    Arrays.copyOf(voltage, count),
                    Arrays.copyOf(temperatures, count),
                    Arrays.copyOf(soc, count));
        }
    }
}
