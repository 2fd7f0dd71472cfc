package org.healbms.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.estimation.CoulombCountingEstimator;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.io.cell.CellParameterFile;
import org.healbms.io.trace.BdfLabels;
import org.healbms.io.trace.BdfReader;
import org.healbms.sim.replay.ReplayResult;
import org.healbms.sim.replay.TraceReplay;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Replay throughput on a real gzip trace: {@code read} only decompresses and parses (the floor any
 * replay pays), {@code replay} adds the EKF, the baseline and scoring, as {@code healbms replay} runs
 * them. Divide the trace's rows by the time per operation for rows/s; compare with {@code zcat}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ReplayThroughputBenchmark {

    @Param("cli/src/main/resources/org/healbms/cli/demo/Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz")
    public String trace;

    @Param("bms-io/src/main/resources/org/healbms/io/cell/NCR18650PF_25degC.cell.json")
    public String cell;

    private CellParameters parameters;

    @Setup
    public void setUp() throws IOException {
        parameters = CellParameterFile.read(Path.of(cell)).parameters();
    }

    @Benchmark
    public long read() throws IOException {
        long rows = 0;
        try (BdfReader reader =
                BdfReader.open(Path.of(trace), BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT)) {
            int v = reader.column(BdfLabels.VOLTAGE);
            double sum = 0;
            while (reader.next()) {
                sum += reader.value(v);
                rows++;
            }
            return rows + (long) sum;
        }
    }

    @Benchmark
    public long replay() throws IOException {
        try (BdfReader reader =
                BdfReader.open(Path.of(trace), BdfLabels.TEST_TIME, BdfLabels.VOLTAGE, BdfLabels.CURRENT)) {
            TraceReplay.Settings settings =
                    new TraceReplay.Settings(0.7, OptionalDouble.of(1.0), parameters.capacityAh());
            ReplayResult r = TraceReplay.run(
                    reader,
                    new ExtendedKalmanSocEstimator(parameters),
                    new CoulombCountingEstimator(parameters),
                    settings,
                    null);
            return r.samples();
        }
    }
}
