package org.healbms.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.healbms.core.cell.CellParameters;
import org.healbms.core.cell.SocTemperatureTable;
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
 * The cell-table reads an EKF step repeats: the OCV and its SoC slope (105 SoC points on the bundled
 * cell) and R0 (12), at a SoC drifting as a drive cycle moves it, from a precomputed table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TableLookupBenchmark {

    private static final int SAMPLES = 1 << 14;

    @Param("bms-io/src/main/resources/org/healbms/io/cell/NCR18650PF_25degC.cell.json")
    public String cell;

    private final double[] soc = new double[SAMPLES];
    private SocTemperatureTable ocv;
    private SocTemperatureTable r0;
    private int k;

    @Setup
    public void setUp() throws IOException {
        CellParameters p = CellParameterFile.read(Path.of(cell)).parameters();
        ocv = p.ocvV();
        r0 = p.r0Ohm();
        Random random = new Random(1);
        double s = 0.9;
        for (int i = 0; i < SAMPLES; i++) {
            s += 0.002 * random.nextGaussian();
            if (s < 0.05 || s > 0.98) {
                s = 0.5;
            }
            soc[i] = s;
        }
    }

    /** Three reads: OCV, its slope and R0 at one SoC and 25 degC. */
    @Benchmark
    public double ocvSlopeAndR0() {
        double s = soc[k++ & (SAMPLES - 1)];
        return ocv.value(s, 25) + ocv.socSlope(s, 25) + r0.value(s, 25);
    }
}
