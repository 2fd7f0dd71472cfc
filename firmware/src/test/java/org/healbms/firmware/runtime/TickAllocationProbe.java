package org.healbms.firmware.runtime;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.healbms.core.reading.ReadingFrame;

/**
 * The fewest bytes one control tick allocates in steady state (the pack running under a drive-like
 * current, the example rules evaluated once a second), printed on stdout as bytes per tick: run in a
 * JVM of its own by {@code TickAllocationTest}, so no other test has shaped the JIT's profile. The
 * frames come from the {@link BenchPack}, made before each measured run of ticks, as in the JMH
 * ControlTickBenchmark.
 */
final class TickAllocationProbe {

    private static final int TICKS_PER_RUN = 500;

    private TickAllocationProbe() {}

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        try (BenchPack pack = BenchPack.of(Integer.parseInt(args[0]))) {
            // Until the JIT has compiled the tick, the interpreter's frames hold what it allocates: warm up
            // over runs and keep the best, as a long run of the firmware would. On a loaded machine the
            // compiler threads get little time, so there are enough runs for them to finish.
            for (int run = 0; run < 200 && (run < 20 || fewest > 0); run++) {
                ReadingFrame[] frames = pack.frames(TICKS_PER_RUN);
                long before = threads.getCurrentThreadAllocatedBytes();
                for (ReadingFrame f : frames) {
                    pack.tick(f);
                }
                fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
            }
            pack.requireRunning();
        }
        System.out.println((double) fewest / TICKS_PER_RUN);
    }
}
