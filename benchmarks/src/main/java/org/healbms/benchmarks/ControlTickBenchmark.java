package org.healbms.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.healbms.core.reading.ReadingFrame;
import org.healbms.firmware.runtime.BenchPack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One control tick of the whole firmware (protection, pack state machine, the cells' filters,
 * impedance, life story, signatures, rules and healing, state of power, the telemetry snapshot) on a
 * 16- and a 192-cell board with the bundled cell and example rules, the pack running (contactors
 * closed) under a drive-like current: the firmware's {@link BenchPack}, whose frames are made before
 * the trial, so the measurement holds the tick alone (no chip emulator, no sampling, no sleeping).
 * Every tick needs a frame of its own (time only moves forward), so an invocation is a fixed run of
 * {@value #TICKS} ticks ({@link Mode#SingleShotTime}, the score divided by them) and the trial
 * prepares exactly as many frames as its iterations will take. The state save (every hour of pack
 * time) happens at the first tick only: a trial covers less.
 *
 * <p>The score is time per tick; with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per tick,
 * JMH's own included: its single-shot harness allocates about 6.7 KB per iteration (TableLookupBenchmark,
 * which allocates nothing, reads 6720 B/op with {@code -bm ss}), 6.7 B per tick of a {@value #TICKS}-tick
 * invocation. The tick's own bytes are what is above that; {@code TickAllocationTest} holds them to none.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(ControlTickBenchmark.TICKS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ControlTickBenchmark {

    /** Ticks per invocation: 100 s of pack time, long against the 1 s thermistor period. */
    static final int TICKS = 1000;

    @Param({"16", "192"})
    public int cells;

    private BenchPack pack;
    private ReadingFrame[] frames;
    private int next;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException {
        pack = BenchPack.of(cells);
        int ticks = TICKS
                * (params.getWarmup().getCount() * params.getWarmup().getBatchSize()
                        + params.getMeasurement().getCount()
                                * params.getMeasurement().getBatchSize());
        frames = pack.frames(ticks);
        closeAtExit();
    }

    @Benchmark
    public void tick() throws IOException {
        for (int t = 0; t < TICKS; t++) {
            pack.tick(frames[next++]);
        }
    }

    /**
     * The tick must have run the pack, not faulted it (a faulted pack skips most of the work). JMH runs
     * this inside the last iteration, so it allocates nothing while the pack is as it should be: the
     * pack is closed (its state saved, its files deleted) when the forked JVM exits, or the bytes of the
     * save would count as the last iteration's ticks'.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        pack.requireRunning();
    }

    private void closeAtExit() {
        BenchPack closing = pack;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                closing.close();
            } catch (Exception e) {
                System.err.println("tick benchmark: closing the pack: " + e);
            }
        }));
    }
}
