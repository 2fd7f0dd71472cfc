package org.healbms.sim.replay;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalDouble;
import org.healbms.core.estimation.CellStateEstimator;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.BdfReader;
import org.healbms.io.trace.TraceMetadata;

/**
 * Replays a recorded trace through a SoC estimator and the coulomb-counting baseline as fast as the
 * reader delivers rows, scoring both against the reference SoC.
 *
 * <p>The reference is {@code refSoc0 + coulomb count / refCapacity}: on a lab tester the current is
 * measured far better than any estimator can infer it, so its integral from a known start is the
 * truth a BMS is judged against. Temperature is the cell surface thermocouple where logged, else the
 * chamber, else the metadata's ambient, held over gaps.
 */
public final class TraceReplay {

    /** Estimator errors are scored after this settling time (the evaluation interface's 600 s). */
    public static final double SETTLING_S = 600.0;

    private static final double DEFAULT_TEMPERATURE_DEGC = 25.0;

    /**
     * @param socGuess      start guess for both the estimator and the baseline
     * @param refSoc0       SoC at the start of the trace, for the reference; empty if unknown
     * @param refCapacityAh capacity the reference SoC is defined on, Ah
     */
    public record Settings(double socGuess, OptionalDouble refSoc0, double refCapacityAh) {}

    /** Sees every replayed row, e.g. to write a report or move a progress bar. */
    public interface Observer {
        void row(
                BdfReader row,
                double elapsedS,
                CellStateEstimator estimator,
                CellStateEstimator baseline,
                double referenceSoc)
                throws IOException;
    }

    private TraceReplay() {}

    public static ReplayResult run(
            BdfReader reader,
            CellStateEstimator estimator,
            CellStateEstimator baseline,
            Settings settings,
            Observer observer)
            throws IOException {
        estimator.reset(settings.socGuess());
        baseline.reset(settings.socGuess());
        Pass pass = new Pass(reader, estimator, baseline, settings, observer);
        long wallStart = System.nanoTime();
        // The row's work is a method of its own: the JIT compiles a method after a few hundred calls, but
        // a loop body inside one long call only by on-stack replacement, after tens of thousands of
        // iterations, which on a single trace is a good part of it run in the interpreter.
        while (reader.next()) {
            pass.row();
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        return pass.result(wall);
    }

    /** One replay in progress: the reference, the scores and what the trace has shown so far. */
    private static final class Pass {
        private final BdfReader reader;
        private final CellStateEstimator estimator;
        private final CellStateEstimator baseline;
        private final Observer observer;
        private final int time;
        private final int voltage;
        private final int current;
        private final int surface;
        private final int ambient;
        private final int strain;
        private final boolean scored;
        private final double refSoc0;
        private final double refCapacityAh;
        private final SocErrorStatistics estimatorErrors = new SocErrorStatistics(SETTLING_S);
        private final SocErrorStatistics baselineErrors = new SocErrorStatistics(SETTLING_S);
        private double temperature;
        private double chargeAh;
        private double start = Double.NaN;
        private double previous = Double.NaN;
        private long samples;
        private long strainReadings;
        private double coldest = Double.POSITIVE_INFINITY;
        private double warmest = Double.NEGATIVE_INFINITY;

        Pass(
                BdfReader reader,
                CellStateEstimator estimator,
                CellStateEstimator baseline,
                Settings settings,
                Observer observer) {
            this.reader = reader;
            this.estimator = estimator;
            this.baseline = baseline;
            this.observer = observer;
            time = reader.column(BdfLabels.TEST_TIME);
            voltage = reader.column(BdfLabels.VOLTAGE);
            current = reader.column(BdfLabels.CURRENT);
            surface = reader.column(BdfLabels.SURFACE_TEMPERATURE_T1);
            ambient = reader.column(BdfLabels.AMBIENT_TEMPERATURE);
            strain = reader.column(BdfLabels.HOOP_STRAIN);
            temperature = reader.metadata()
                    .flatMap(m -> box(m.ambientTemperatureDegC()))
                    .orElse(DEFAULT_TEMPERATURE_DEGC);
            scored = settings.refSoc0().isPresent();
            refSoc0 = scored ? settings.refSoc0().getAsDouble() : Double.NaN;
            refCapacityAh = settings.refCapacityAh();
        }

        void row() throws IOException {
            double t = reader.value(time);
            if (Double.isNaN(t)) {
                return; // a row without a time cannot be placed; the reader already refused backwards time
            }
            if (Double.isNaN(start)) {
                start = t;
                previous = t;
            }
            double dt = t - previous;
            previous = t;
            double i = reader.value(current);
            double v = reader.value(voltage);
            double tSurface = surface >= 0 ? reader.value(surface) : Double.NaN;
            double tAmbient = ambient >= 0 ? reader.value(ambient) : Double.NaN;
            if (Double.isFinite(tSurface)) {
                temperature = tSurface;
            } else if (Double.isFinite(tAmbient)) {
                temperature = tAmbient;
            }
            if (Double.isFinite(i)) {
                chargeAh += i * dt / 3600.0;
            }
            coldest = Math.min(coldest, temperature);
            warmest = Math.max(warmest, temperature);
            estimator.update(dt, i, v, temperature);
            if (strain >= 0 && Double.isFinite(reader.value(strain))) {
                estimator.observeStrain(reader.value(strain), temperature);
                strainReadings++;
            }
            baseline.update(dt, i, v, temperature);
            double elapsed = t - start;
            double reference = scored ? refSoc0 + chargeAh / refCapacityAh : Double.NaN;
            if (scored) {
                estimatorErrors.add(elapsed, estimator.soc(), estimator.socSigma(), reference);
                baselineErrors.add(elapsed, baseline.soc(), baseline.socSigma(), reference);
            }
            if (observer != null) {
                observer.row(reader, elapsed, estimator, baseline, reference);
            }
            samples++;
        }

        ReplayResult result(double wall) {
            return new ReplayResult(
                    samples,
                    Double.isNaN(start) ? 0 : previous - start,
                    wall,
                    estimatorErrors.summary(),
                    baselineErrors.summary(),
                    estimator.soc(),
                    estimator.socSigma(),
                    scored,
                    samples == 0 ? Double.NaN : coldest,
                    samples == 0 ? Double.NaN : warmest,
                    estimator.capacityAh(),
                    estimator.capacitySigmaAh(),
                    estimator.resistanceScale(),
                    estimator.resistanceScaleSigma(),
                    estimator.resistanceHealth(),
                    estimator.resistanceHealthSigma(),
                    strainReadings,
                    estimator.strainOffset(),
                    estimator.strainOffsetSigma());
        }
    }

    /**
     * Settings from the trace's metadata where the caller gave none; without a guess the estimators
     * start from the reference start SoC, or 0.5 when even that is unknown.
     */
    public static Settings settings(
            OptionalDouble socGuess,
            OptionalDouble refSoc0,
            OptionalDouble refCapacityAh,
            Optional<TraceMetadata> metadata,
            double fallbackCapacityAh) {
        OptionalDouble soc0 = refSoc0.isPresent()
                ? refSoc0
                : metadata.map(TraceMetadata::startSoc).orElse(OptionalDouble.empty());
        double capacity = refCapacityAh.isPresent()
                ? refCapacityAh.getAsDouble()
                : metadata.flatMap(m -> box(m.referenceCapacityAh())).orElse(fallbackCapacityAh);
        double guess = socGuess.isPresent() ? socGuess.getAsDouble() : soc0.orElse(0.5);
        return new Settings(guess, soc0, capacity);
    }

    private static Optional<Double> box(OptionalDouble d) {
        return d.isPresent() ? Optional.of(d.getAsDouble()) : Optional.empty();
    }
}
