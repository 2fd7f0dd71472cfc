package org.healbms.io.trace;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The fewest bytes the trace reader allocates per row once the JIT has compiled its loop, printed on
 * stdout: run in a fresh JVM by {@code BdfTraceTest}, so no other reader has shaped the call profile.
 * Every thread's allocation counts, the parsing thread's as well as the reader's.
 */
final class RowAllocationProbe {

    private RowAllocationProbe() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long perRow = Long.MAX_VALUE;
        // Until the JIT has compiled the read loop, short-lived objects are not yet scalar-replaced:
        // warm up over passes and keep the best, as a long replay would run. On a loaded machine the
        // compiler threads get little time, so there are enough passes for it to finish.
        for (int pass = 0; pass < 100 && perRow >= 16; pass++) {
            long before = threads.getTotalThreadAllocatedBytes();
            double sum = 0;
            try (BdfReader r = BdfReader.open(file, BdfLabels.TEST_TIME, BdfLabels.VOLTAGE)) {
                while (r.next()) {
                    sum += r.value(1);
                }
            }
            if (!(sum > 0)) {
                throw new IllegalStateException("the trace's voltages sum to " + sum);
            }
            perRow = Math.min(perRow, (threads.getTotalThreadAllocatedBytes() - before) / rows);
        }
        System.out.println(perRow);
    }
}
