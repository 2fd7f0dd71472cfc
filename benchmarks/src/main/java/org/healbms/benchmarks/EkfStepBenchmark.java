package org.healbms.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.EquivalentCircuitCell;
import org.healbms.core.estimation.ExtendedKalmanSocEstimator;
import org.healbms.core.estimation.HealthLearning;
import org.healbms.io.cell.CellParameterFile;
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
 * One EKF step (predict and correct) on the identified Panasonic cell, fed a drive-like current and
 * the model's own voltage, cycling through a precomputed sample table so the benchmark measures the
 * filter, not the input. The table passes no net charge, so its end meets its start. Run with
 * {@code -prof gc} to see allocation per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EkfStepBenchmark {

    private static final int SAMPLES = 1 << 14;

    @Param("bms-io/src/main/resources/org/healbms/io/cell/NCR18650PF_25degC.cell.json")
    public String cell;

    /** With state of health learned too (capacity, the resistance tracker and the resistance response). */
    @Param({"false", "true"})
    public boolean health;

    private final double[] current = new double[SAMPLES];
    private final double[] voltage = new double[SAMPLES];
    private ExtendedKalmanSocEstimator ekf;
    private int k;

    @Setup
    public void setUp() throws IOException {
        CellParameters p = CellParameterFile.read(Path.of(cell)).parameters();
        EquivalentCircuitCell plant = new EquivalentCircuitCell(p, 0.9);
        // A drive-like current (1C noise on a slow swing of +-0.5C over the table) that passes no net
        // charge over the table, so the cell ends each pass where the next begins: the filter then runs
        // in the steady state of a real drive, its SoC sweeping a few percent across the OCV table's
        // segments. (A net discharge per pass ran the filter's coulomb count away from the repeating
        // voltage, to SoC -7 after a few hundred passes, and the step measured that state.)
        Random random = new Random(1);
        double mean = 0;
        for (int i = 0; i < SAMPLES; i++) {
            current[i] = p.capacityAh() * (0.5 * Math.sin(2 * Math.PI * i / SAMPLES) + random.nextGaussian());
            mean += current[i] / SAMPLES;
        }
        for (int i = 0; i < SAMPLES; i++) {
            current[i] -= mean;
            plant.step(0.1, current[i], 25);
            voltage[i] = plant.terminalVoltage(current[i], 25);
        }
        ekf = new ExtendedKalmanSocEstimator(health ? HealthLearning.enable(p) : p);
        ekf.reset(0.9);
    }

    @Benchmark
    public double step() {
        int i = k++ & (SAMPLES - 1);
        ekf.update(0.1, current[i], voltage[i], 25.0);
        return ekf.soc();
    }
}
